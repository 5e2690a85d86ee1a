// web_test.mjs: the web export tried in Debian's chromium (headless) with puppeteer-core:
// every page of an export driven with the keyboard only (which audio plays and from where,
// what the live region says, which sentence is highlighted after each key), the place
// remembered over a reload, a tapped sentence played, axe-core at WCAG 2.2 AA on every
// page and the index, the accessibility tree's landmarks, headings and named controls, no
// request outside the export's folder, and screenshots at phone and desktop width.
//
// usage: node web_test.mjs EXPORT_DIR SHOTS_DIR [PAGE.html...]   (default: every page)
// Prints "ok - ..." / "FAIL - ..." lines; exits 1 when any check failed.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const puppeteer = require('puppeteer-core');
const axePath = require.resolve('axe-core/axe.min.js');

const [exportDir, shotsDir, ...only] = process.argv.slice(2).map((a, i) =>
    i < 2 ? path.resolve(a) : a);
if (!exportDir || !shotsDir) {
    console.error('usage: node web_test.mjs EXPORT_DIR SHOTS_DIR [PAGE.html...]');
    process.exit(2);
}
const folderUrl = pathToFileURL(exportDir).href + '/';
let failed = 0;

function check(what, ok, detail) {
    if (ok) {
        console.log(`ok - ${what}`);
    } else {
        failed = 1;
        console.log(`FAIL - ${what}${detail === undefined ? '' : ` (${detail})`}`);
    }
    return ok;
}

const browser = await puppeteer.launch({
    executablePath: process.env.AUDIOLEAF_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--disable-gpu',
           '--mute-audio'],
});

// Every request a page makes; those outside the export's folder are refused and listed.
function watch(page, outside, errors) {
    page.on('request', (req) => {
        const url = req.url();
        if (url.startsWith(folderUrl) || url.startsWith('data:')) {
            req.continue();
        } else {
            outside.push(url);
            req.abort();
        }
    });
    // Errors of the page's own scripts; axe-core's own requests for the stylesheets (it
    // reads them with XMLHttpRequest, which file:// refuses) come after errors.closed.
    page.on('pageerror', (e) => errors.closed || errors.push(String(e)));
    page.on('console', (m) => {
        if (m.type() === 'error' && !errors.closed) {
            errors.push(m.text());
        }
    });
}

async function state(page) {
    return page.evaluate(() => {
        const a = document.getElementById('leaf-audio');
        const s = document.getElementById('say-audio');
        const now = document.querySelector('main .s.now');
        const d = document.getElementById('help');
        return {
            leaf: a.getAttribute('src'), leafTime: a.currentTime, leafPaused: a.paused,
            rate: a.playbackRate, pitch: a.preservesPitch,
            say: s.getAttribute('src'), sayPaused: s.paused, sayTime: s.currentTime,
            status: document.getElementById('status').textContent,
            place: document.getElementById('place').textContent,
            now: now ? now.id : null, nowCurrent: now ? now.getAttribute('aria-current') : null,
            active: document.activeElement ? document.activeElement.id : null,
            help: d ? d.open : null,
        };
    });
}

// Poll until COND(state) holds (or TIMEOUT ms pass); returns the last state seen.
async function until(page, cond, timeout = 8000) {
    const end = Date.now() + timeout;
    let st = await state(page);
    while (!cond(st) && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 40));
        st = await state(page);
    }
    return st;
}

// The test's own reading of the page's data: where each level's elements start.
function model(D) {
    const el = [[], [], []]; // [unit, sentence] starts per level
    D.units.forEach((u, i) => {
        const n = Math.max(1, u.sentences.length);
        if (i === 0 || (u.kind !== 'updated' && u.section !== D.units[i - 1].section)) {
            el[0].push([i, 0]);
        }
        if (u.kind === 'section' && u.items && u.items.length) {
            u.items.forEach((s) => el[1].push([i, s]));
        } else {
            el[1].push([i, 0]);
        }
        for (let s = 0; s < n; s++) {
            el[2].push([i, s]);
        }
    });
    return el;
}

function indexAt(list, unit, sentence) {
    let k = 0;
    list.forEach(([u, s], i) => {
        if (u < unit || (u === unit && s <= sentence)) {
            k = i;
        }
    });
    return k;
}

function sentenceOf(D, unit, id) {
    return D.units[unit].sentences.findIndex((s) => s.id === id);
}

// Is the leaf audio unit UNIT playing from sentence SENTENCE (started there, not past it)?
function playsFrom(D, st, unit, sentence) {
    const u = D.units[unit];
    const b = u.sentences[sentence].begin, e = u.sentences[sentence].end;
    return st.leaf === u.audio && !st.leafPaused && st.leafTime >= b - 0.05 &&
        st.leafTime < e + 0.1 && st.now === u.sentences[sentence].id;
}

function sayIs(st, D, key) {
    return st.say === D.say[key].audio;
}

async function press(page, key) {
    await page.keyboard.press(key);
}

// The keys of a leaflet of one or two sections: the ends of the section level.
async function keysSmall(page, name, D) {
    const en = D.lang.startsWith('en');
    const el = model(D);
    const t = (what) => `${name}: ${what}`;
    let st;
    await page.focus('#player');
    await press(page, '0');
    st = await until(page, (s) => playsFrom(D, s, 0, 0) && s.leafTime > 0.2);
    check(t('0 plays the first unit from its start'), playsFrom(D, st, 0, 0),
          JSON.stringify(st));
    await press(page, '4');
    st = await until(page, (s) => s.status !== '' && !s.sayPaused);
    check(t('4 in the first section says "first section"'), sayIs(st, D, 'first-section') &&
          (!en || st.status === 'First section.'), JSON.stringify(st));
    st = await until(page, (s) => s.sayPaused && !s.leafPaused && s.leaf === D.units[0].audio);
    check(t('and plays on in it'), st.leaf === D.units[0].audio && !st.leafPaused,
          JSON.stringify(st));
    if (el[0].length === 1) {
        await press(page, '6');
        st = await until(page, (s) => s.status !== '' && !s.sayPaused);
        check(t('6 in the only section says "last section"'), sayIs(st, D, 'last-section') &&
              (!en || st.status === 'Last section.'), JSON.stringify(st));
    }
    await until(page, (s) => s.sayPaused);
    await press(page, '3');
    st = await until(page, (s) => s.status !== '' && !s.sayPaused);
    check(t('3 says there is no questions list'), D.questions >= 0 ||
          (sayIs(st, D, 'no-questions') &&
           (!en || st.status === 'This leaflet has no list of questions.')),
          JSON.stringify(st));
    await until(page, (s) => s.sayPaused);
    await press(page, '#');
    st = await until(page, (s) => s.status !== '' && !s.sayPaused);
    check(t('# says section 1 and the time left'), st.say === D.say['where-1'].audio &&
          (!en || (st.status.startsWith(`Section 1 of ${D.sections.length}: `) &&
                   / left\.$/.test(st.status))), JSON.stringify(st));
}

// The keys, one after the other, with what must follow each.
async function keys(page, name, D) {
    const en = D.lang.startsWith('en');
    const el = model(D);
    const t = (what) => `${name}: ${what}`;
    let st;
    if (el[0].length < 3 || el[1].length < 3 || el[2].length < 3) {
        return keysSmall(page, name, D);
    }

    // Tab reaches the skip link first; Enter on it puts the focus on the player.
    await press(page, 'Tab');
    st = await state(page);
    const skip = await page.evaluate(() => document.activeElement.className);
    check(t('Tab reaches the skip link first'), skip === 'skip', skip);
    await press(page, 'Enter');
    st = await until(page, (s) => s.active === 'player', 2000);
    check(t('the skip link puts the focus on the player'), st.active === 'player', st.active);

    // 0 plays from the start.
    await press(page, '0');
    st = await until(page, (s) => playsFrom(D, s, 0, 0) && s.leafTime > 0.3);
    check(t('0 plays the first unit from its start, first sentence highlighted'),
          playsFrom(D, st, 0, 0) && st.nowCurrent === 'true', JSON.stringify(st));
    if (D.units[0].sentences.length > 1) {
        const s1 = D.units[0].sentences[1];
        st = await until(page, (s) => s.now === s1.id, (s1.begin + 4) * 1000);
        check(t('the highlight follows the audio to the second sentence'),
              st.now === s1.id && st.leafTime >= s1.begin - 0.05, JSON.stringify(st));
    }

    // 6 at section level: the next section from its start, nothing said.
    const [u1] = el[0][1];
    await press(page, '6');
    st = await until(page, (s) => playsFrom(D, s, u1, 0));
    check(t(`6 plays section 2 (unit ${D.units[u1].id}) from its start`),
          playsFrom(D, st, u1, 0) && st.status === '', JSON.stringify(st));

    // 8: items, said and shown, then on from the same sentence.
    await press(page, '8');
    st = await until(page, (s) => s.status !== '' && !s.sayPaused);
    check(t('8 says the level "items" (audio and live region)'),
          sayIs(st, D, 'level-1') && st.status === D.say['level-1'].text &&
          (!en || st.status === 'Items.'), JSON.stringify(st));
    st = await until(page, (s) => playsFrom(D, s, u1, 0));
    check(t('after "items" the section plays on from its sentence'), playsFrom(D, st, u1, 0),
          JSON.stringify(st));

    // 6 at item level: the next item-level element.
    let k = indexAt(el[1], u1, 0) + 1;
    let [iu, is] = el[1][k];
    await press(page, '6');
    st = await until(page, (s) => playsFrom(D, s, iu, is));
    check(t(`6 at item level plays the next item (unit ${D.units[iu].id}, sentence ${is})`),
          playsFrom(D, st, iu, is), JSON.stringify(st));

    // 8: sentences; 6 and 4 move by one sentence.
    await press(page, '8');
    st = await until(page, (s) => s.status !== '' && !s.sayPaused);
    check(t('8 says the level "sentences"'), sayIs(st, D, 'level-2') &&
          (!en || st.status === 'Sentences.'), JSON.stringify(st));
    st = await until(page, (s) => s.leaf === D.units[iu].audio && !s.leafPaused && s.sayPaused);
    const here = sentenceOf(D, iu, st.now);
    k = indexAt(el[2], iu, here) + 1;
    const [su, ss] = el[2][k];
    await press(page, '6');
    st = await until(page, (s) => playsFrom(D, s, su, ss));
    check(t(`6 at sentence level plays the next sentence (${D.units[su].sentences[ss].id})`),
          playsFrom(D, st, su, ss), JSON.stringify(st));
    const [pu, ps] = el[2][k - 1];
    await press(page, 'ArrowLeft');
    st = await until(page, (s) => playsFrom(D, s, pu, ps));
    check(t('left arrow (as 4) plays the sentence before again'), playsFrom(D, st, pu, ps),
          JSON.stringify(st));

    // 3: the questions-to-ask list, or "no questions" and on.
    await press(page, '3');
    if (D.questions >= 0) {
        const qu = D.units.findIndex((u) => u.section === D.questions && u.kind !== 'updated');
        st = await until(page, (s) => playsFrom(D, s, qu, 0));
        check(t(`3 plays the questions list's section (unit ${D.units[qu].id})`),
              playsFrom(D, st, qu, 0) && D.sections[D.questions].length > 0,
              JSON.stringify(st));
        if (en) {
            check(t('the questions section asks a question'),
                  /question/i.test(D.sections[D.questions]), D.sections[D.questions]);
        }
    } else {
        st = await until(page, (s) => s.status !== '' && !s.sayPaused);
        check(t('3 says there is no questions list'), sayIs(st, D, 'no-questions') &&
              (!en || st.status === 'This leaflet has no list of questions.'),
              JSON.stringify(st));
    }
    st = await until(page, (s) => !s.leafPaused && s.leafTime > 0 && s.sayPaused);
    // The highlighted sentence is scrolled into view (smooth scrolling may take a moment).
    let seen = false;
    for (let i = 0; i < 50 && !seen; i++) {
        seen = await page.evaluate(() => {
            const r = document.querySelector('main .s.now').getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight;
        });
        if (!seen) {
            await new Promise((r) => setTimeout(r, 40));
        }
    }
    check(t('the highlighted sentence is kept in view'), seen);

    // 0 pauses (said), 0 again goes on from the start of the sentence.
    await press(page, '0');
    st = await until(page, (s) => s.leafPaused && s.status !== '');
    const pausedAt = st;
    check(t('0 pauses and says so'), st.leafPaused && sayIs(st, D, 'paused') &&
          (!en || st.status === 'Paused.'), JSON.stringify(st));
    const pauseUnit = D.units.findIndex((u) => u.audio === pausedAt.leaf);
    const pauseSentence = sentenceOf(D, pauseUnit, pausedAt.now);
    await new Promise((r) => setTimeout(r, 600));
    st = await state(page);
    check(t('paused, the leaflet does not move'), st.leafPaused &&
          Math.abs(st.leafTime - pausedAt.leafTime) < 0.01, JSON.stringify(st));
    await press(page, '0');
    st = await until(page, (s) => playsFrom(D, s, pauseUnit, pauseSentence));
    check(t('0 resumes from the start of the sentence it paused in'),
          playsFrom(D, st, pauseUnit, pauseSentence) && st.status === '', JSON.stringify(st));

    // 9 and 7: speed, said, with the pitch kept.
    const faster = D.rate + D.rateStep;
    await press(page, '9');
    st = await until(page, (s) => s.status !== '' && !s.leafPaused && s.sayPaused);
    check(t(`9 is faster: ${faster} words per minute, said, pitch kept`),
          st.say === D.say[`faster-${faster}`].audio &&
          Math.abs(st.rate - faster / D.rate) < 0.001 && st.pitch === true &&
          (!en || st.status === `Faster, ${faster} words per minute.`), JSON.stringify(st));
    await press(page, '-');
    st = await until(page, (s) => s.status !== '' && !s.leafPaused && s.sayPaused &&
                     Math.abs(s.rate - 1) < 0.001);
    check(t(`- (as 7) is slower again: ${D.rate} words per minute`),
          Math.abs(st.rate - 1) < 0.001 && st.say === D.say[`slower-${D.rate}`].audio &&
          (!en || st.status === `Slower, ${D.rate} words per minute.`), JSON.stringify(st));

    // # where am I: the section, its heading and the time left.
    const whereUnit = D.units.findIndex((u) => u.audio === st.leaf);
    const sec = D.units[whereUnit].section;
    await press(page, '#');
    st = await until(page, (s) => s.status !== '' && !s.sayPaused);
    const whereWords = en ? `Section ${sec + 1} of ${D.sections.length}: ` : '';
    check(t('# says where: section N of M, heading, time left'),
          st.say.startsWith(`${D.id}/say-where-${sec + 1}`) &&
          st.status.startsWith(whereWords) && st.status.includes(D.sections[sec].slice(0, 10)) &&
          (!en || / left\.$/.test(st.status)), JSON.stringify(st));

    // * help: said and shown in a dialog; Escape closes it and gives the focus back.
    await until(page, (s) => s.sayPaused && !s.leafPaused);
    await press(page, '*');
    st = await until(page, (s) => s.help && !s.sayPaused && s.status !== '');
    check(t('* opens the help dialog and says the keys'), st.help && sayIs(st, D, 'help') &&
          (!en || st.status.startsWith('Keys. 4 and 6: previous and next.')),
          JSON.stringify(st));
    await press(page, 'Escape');
    st = await until(page, (s) => !s.help && s.active === 'player', 2000);
    check(t('Escape closes the help, the focus is on the player again'),
          !st.help && st.active === 'player', JSON.stringify(st));

    // 1: the start, said first.
    await press(page, '1');
    st = await until(page, (s) => s.status !== '' && !s.sayPaused);
    check(t('1 says "start of leaflet"'), sayIs(st, D, 'start') &&
          (!en || st.status === 'Start of leaflet.'), JSON.stringify(st));
    st = await until(page, (s) => playsFrom(D, s, 0, 0));
    check(t('then plays from the start'), playsFrom(D, st, 0, 0), JSON.stringify(st));

    // 2 twice: back to sections; 2 once more is the coarsest: a tone and the level again.
    for (const [want, key] of [['level-1', '2'], ['level-0', 'ArrowUp'], ['level-0', '2']]) {
        await until(page, (s) => s.sayPaused);
        await press(page, key);
        st = await until(page, (s) => s.status !== '' && !s.sayPaused);
        check(t(`${key} says ${D.say[want].text}`), sayIs(st, D, want), JSON.stringify(st));
    }

    // Go to section 3, pause there, and reload: the place is remembered.
    await until(page, (s) => s.sayPaused && !s.leafPaused);
    await press(page, '6');
    await until(page, (s) => playsFrom(D, s, el[0][1][0], 0));
    await press(page, 'ArrowRight');
    const [u3] = el[0][Math.min(2, el[0].length - 1)];
    st = await until(page, (s) => playsFrom(D, s, u3, 0));
    check(t(`6 and right arrow reach section 3 (unit ${D.units[u3].id})`),
          playsFrom(D, st, u3, 0), JSON.stringify(st));
    await press(page, ' ');
    st = await until(page, (s) => s.leafPaused);
    const kept = st.now;
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('#player[data-ready="1"]');
    st = await state(page);
    check(t('after a reload the place is shown: the same sentence highlighted'),
          st.now === kept && st.leafPaused && st.place.includes(D.sections[D.units[u3].section]),
          JSON.stringify(st));
    await page.focus('#player');
    await press(page, '0');
    st = await until(page, (s) => playsFrom(D, s, u3, sentenceOf(D, u3, kept)));
    check(t('and 0 plays on from there'), playsFrom(D, st, u3, sentenceOf(D, u3, kept)),
          JSON.stringify(st));
}

// A sentence tapped (clicked) plays from it.
async function tap(page, name, D) {
    const u = D.units.length - 1 > 3 ? 3 : D.units.length - 1;
    const s = D.units[u].sentences.length - 1;
    const sel = `#${D.units[u].sentences[s].id}`;
    // The page may still be scrolling smoothly to the sentence it highlights: a click at
    // coordinates taken mid-scroll lands on another sentence.  Bring the target into view
    // at once and let two frames pass, then click it as a finger would.
    await page.$eval(sel, (el) => el.scrollIntoView({ block: 'center', behavior: 'instant' }));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.click(sel);
    const st = await until(page, (x) => playsFrom(D, x, u, s));
    check(`${name}: a tapped sentence plays from its start (${D.units[u].sentences[s].id})`,
          playsFrom(D, st, u, s), JSON.stringify(st));
}

async function axe(page, what) {
    await page.addScriptTag({ path: axePath });
    const r = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }));
    const v = r.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target).join(' ')}`);
    check(`${what}: axe-core finds 0 WCAG 2.2 AA violations (${r.passes.length} rules pass)`,
          r.violations.length === 0 && r.passes.length > 10, v.join('; '));
}

function flatten(node, out = []) {
    if (node) {
        out.push(node);
        (node.children || []).forEach((c) => flatten(c, out));
    }
    return out;
}

async function tree(page, name, D) {
    const nodes = flatten(await page.accessibility.snapshot({ interestingOnly: true }));
    const roles = (r) => nodes.filter((n) => n.role === r);
    check(`${name}: landmarks main, banner and contentinfo`,
          roles('main').length === 1 && roles('banner').length === 1 &&
          roles('contentinfo').length === 1, nodes.map((n) => n.role).join(','));
    const app = roles('application');
    check(`${name}: one named application region (the player)`,
          app.length === 1 && app[0].name.length > 0, JSON.stringify(app));
    check(`${name}: a status live region`, roles('status').length === 1);
    const h1 = nodes.filter((n) => n.role === 'heading' && n.level === 1);
    check(`${name}: one level-1 heading, the title`, h1.length === 1 &&
          h1[0].name.length > 0, JSON.stringify(h1));
    const h2 = nodes.filter((n) => n.role === 'heading' && n.level === 2).map((n) => n.name);
    const missing = D.sections.filter((h, i) => i > 0 && h && !h2.some((x) => x.includes(
        h.replace(/:$/, '').slice(0, 20))));
    check(`${name}: a level-2 heading for every section after the first`, missing.length === 0,
          missing.join(' | '));
    const buttons = roles('button');
    const unnamed = buttons.filter((b) => !b.name || !b.name.trim());
    check(`${name}: 12 keypad buttons, every one named with its key`, buttons.length >= 12 &&
          unnamed.length === 0 && ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#']
        .every((k) => buttons.some((b) => b.name.startsWith(`${k} `))),
          buttons.map((b) => b.name).join(' | '));
}

async function openPage(file, viewport) {
    const page = await browser.newPage();
    const outside = [], errors = [];
    await page.setRequestInterception(true);
    watch(page, outside, errors);
    await page.setViewport(viewport);
    await page.goto(folderUrl + file, { waitUntil: 'load' });
    return { page, outside, errors };
}

const pages = only.length ? only : fs.readdirSync(exportDir).filter((f) =>
    f.endsWith('.html') && f !== 'index.html').sort();
check('the export has pages', pages.length > 0, exportDir);
fs.mkdirSync(shotsDir, { recursive: true });
const phone = { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const desktop = { width: 1280, height: 900, deviceScaleFactor: 1 };

for (const file of pages) {
    const name = file.replace(/\.html$/, '');
    const { page, outside, errors } = await openPage(file, desktop);
    await page.waitForSelector('#player[data-ready="1"]', { timeout: 10000 });
    const D = await page.evaluate(() => window.AUDIOLEAF);
    await page.evaluate(() => window.localStorage.clear());
    const started = Date.now();
    try {
        await keys(page, name, D);
        await tap(page, name, D);
    } catch (e) {
        check(`${name}: the keys run to the end`, false, String(e));
    }
    await page.goto('about:blank');
    await page.goto(folderUrl + file, { waitUntil: 'load' });
    await page.waitForSelector('#player[data-ready="1"]');
    await tree(page, name, D);
    check(`${name}: no script error`, errors.length === 0, errors.join(' | '));
    errors.closed = true;
    await axe(page, name);
    await page.screenshot({ path: path.join(shotsDir, `${name}-desktop.png`), fullPage: false });
    await page.setViewport(phone);
    await page.screenshot({ path: path.join(shotsDir, `${name}-phone.png`), fullPage: false });
    const fit = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        small: [...document.querySelectorAll('#player button')].map((b) =>
            b.getBoundingClientRect()).filter((r) => r.width < 44 || r.height < 44).length,
    }));
    check(`${name}: at phone width (390 px) nothing is wider than the screen and every button `
          + 'is at least 44 x 44 px', fit.width <= 390 && fit.small === 0, JSON.stringify(fit));
    // Reduced motion: no smooth scrolling.
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    const behaviour = await page.evaluate(() =>
        getComputedStyle(document.documentElement).scrollBehavior);
    check(`${name}: with reduced motion asked for, scrolling is not animated`,
          behaviour === 'auto', behaviour);
    check(`${name}: no request left the export's folder`, outside.length === 0,
          outside.join(' '));
    console.log(`# ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await page.close();
}

// The index: every page listed, each in its language; axe; no request outside.
{
    const { page, outside, errors } = await openPage('index.html', desktop);
    const links = await page.evaluate(() => [...document.querySelectorAll('main a')].map(
        (a) => ({ href: a.getAttribute('href'), lang: a.closest('[lang]').getAttribute('lang') })));
    const all = fs.readdirSync(exportDir).filter((f) => f.endsWith('.html') && f !== 'index.html');
    check('index: links every page of the export', all.every((f) =>
        links.some((l) => l.href === f)) && links.length === all.length, JSON.stringify(links));
    for (const l of links) {
        const D = fs.readFileSync(path.join(exportDir, l.href.replace(/\.html$/, ''),
                                            'data.js'), 'utf8');
        check(`index: ${l.href} is marked in its language (${l.lang})`,
              D.includes(`"lang":"${l.lang}"`));
    }
    check('index: no script error', errors.length === 0, errors.join(' | '));
    errors.closed = true;
    await axe(page, 'index');
    await page.screenshot({ path: path.join(shotsDir, 'index-desktop.png') });
    check('index: no request left the export\'s folder', outside.length === 0,
          outside.join(' '));
    await page.close();
}

await browser.close();
console.log(failed ? 'web test: FAIL' : 'web test: all passed');
process.exit(failed);
