/* player.js: the keypad player of an audioleaf web page (audioleaf export --web): plays the
 * leaflet's MP3 units with the keys, buttons and sentence taps of audioleaf's player,
 * speaks its announcements from pre-rendered MP3s, mirrors them in a live region,
 * highlights the sentence being read and remembers the place and speed per leaflet.
 *
 * The page's data is window.AUDIOLEAF (written by the exporter into NAME.data.js, a
 * script because file:// pages cannot fetch):
 *   id, lang, rate (the voice's words per minute), rateMin, rateMax, rateStep,
 *   units: [{kind: "section"|"item"|"paragraph"|"updated", section, audio, duration,
 *            sentences: [{id, begin, end}], items: [first sentence of each item-level
 *            element of a section unit]}],
 *   sections: [heading], questions: section of the questions list or -1,
 *   say: {key: {text, audio}} (the announcements; keys are made in sayKey* below).
 * Navigation follows src/nav.c (nav_step) command for command.  No framework, no
 * request outside the page's folder. */
(function () {
    'use strict';
    var D = window.AUDIOLEAF;
    var region = document.getElementById('player');
    if (!D || !region) {
        return;
    }
    var LEVEL_SECTION = 0, LEVEL_ITEM = 1, LEVEL_SENTENCE = 2;
    var leaf = document.getElementById('leaf-audio');
    var sayAudio = document.getElementById('say-audio');
    var status = document.getElementById('status');
    var place = document.getElementById('place');
    var helpDialog = document.getElementById('help');
    var playButton = region.querySelector('button[data-cmd="pause"]');
    var storeKey = 'audioleaf:' + D.id;
    var reduceMotion = window.matchMedia &&
        window.matchMedia('(prefers-reduced-motion: reduce)').matches;

    /* The state, as struct nav_state: unit, time in it, level, paused, ended, rate. */
    var st = {unit: 0, time: 0, level: LEVEL_SECTION, paused: true, ended: false, rate: D.rate};
    var queue = [];        /* steps still to do: {say: key} | {play: [unit, sentence]} | {tone} */
    var playing = null;    /* the step being carried out */
    var shown = null;      /* the highlighted sentence element */
    var toneCtx = null;

    function nSent(u) {
        return Math.max(1, D.units[u].sentences.length);
    }

    function sentenceBegin(u, s) {
        var ss = D.units[u].sentences;
        return s < ss.length ? ss[s].begin : 0;
    }

    function sentenceAt(u, t) {
        var ss = D.units[u].sentences, s = 0;
        for (var i = 0; i < ss.length; i++) {
            if (ss[i].begin <= t + 0.001) {
                s = i;
            }
        }
        return s;
    }

    function curPos() {
        return [st.unit, sentenceAt(st.unit, st.time)];
    }

    function posLe(a, b) {
        return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
    }

    function startsSection(u) {
        if (u === 0) {
            return true;
        }
        if (D.units[u].kind === 'updated') {
            return false;
        }
        return D.units[u].section !== D.units[u - 1].section;
    }

    /* Elements of LEVEL starting in unit U, and the first sentence of the K-th. */
    function unitElems(level, u) {
        var nu = D.units[u];
        if (level === LEVEL_SECTION) {
            return startsSection(u) ? 1 : 0;
        }
        if (level === LEVEL_ITEM) {
            return nu.kind === 'section' && nu.items && nu.items.length > 0 ? nu.items.length : 1;
        }
        return nSent(u);
    }

    function unitElemSentence(level, u, k) {
        var nu = D.units[u], s = 0;
        if (level === LEVEL_ITEM && nu.kind === 'section' && nu.items && k < nu.items.length) {
            s = nu.items[k];
        } else if (level === LEVEL_SENTENCE) {
            s = k;
        }
        return Math.min(s, nSent(u) - 1);
    }

    function elemCount(level) {
        var n = 0;
        for (var u = 0; u < D.units.length; u++) {
            n += unitElems(level, u);
        }
        return n;
    }

    function elemPos(level, idx) {
        for (var u = 0; u < D.units.length; u++) {
            var k = unitElems(level, u);
            if (idx < k) {
                return [u, unitElemSentence(level, u, idx)];
            }
            idx -= k;
        }
        return [0, 0];
    }

    function elemIndex(level, p) {
        var n = 0;
        for (var u = 0; u < D.units.length && u <= p[0]; u++) {
            var k = unitElems(level, u);
            for (var i = 0; i < k; i++) {
                if (posLe([u, unitElemSentence(level, u, i)], p)) {
                    n++;
                }
            }
        }
        return n > 0 ? n - 1 : 0;
    }

    function speedFactor() {
        return st.rate / D.rate;
    }

    function secondsLeft() {
        if (st.ended) {
            return 0;
        }
        var left = Math.max(0, D.units[st.unit].duration - st.time);
        for (var u = st.unit + 1; u < D.units.length; u++) {
            left += D.units[u].duration;
        }
        return Math.round(left / speedFactor());
    }

    /* ---- announcements: the keys of D.say ---- */

    var FIRST = ['first-section', 'first-item', 'first-sentence'];
    var LAST = ['last-section', 'last-item', 'last-sentence'];

    function sayKeyRate(kind, rate) {
        return kind + '-' + rate;
    }

    function sayKeyLeft(s) {
        if (s < 55) {
            return 'left-s' + Math.max(1, Math.round(s / 10)) * 10;
        }
        if (s < 90) {
            return 'left-m1';
        }
        var m = Math.floor((s + 30) / 60);
        while (m > 2 && !D.say['left-m' + m]) {
            m--;
        }
        return 'left-m' + m;
    }

    /* ---- effects (as nav.c's) ---- */

    function go(p, fx) {
        st.unit = p[0];
        st.time = sentenceBegin(p[0], p[1]);
        st.paused = false;
        st.ended = false;
        fx.push({play: p});
    }

    function carryOn(fx) {
        if (!st.paused && !st.ended) {
            go(curPos(), fx);
        }
    }

    function boundary(key, fx) {
        fx.push({tone: 'boundary'});
        fx.push({say: key});
        carryOn(fx);
    }

    function stepMove(cmd, fx) {
        var n = elemCount(st.level);
        var idx = st.ended ? n : elemIndex(st.level, curPos());
        var target;
        if (cmd === 'prev') {
            if (idx === 0) {
                return boundary(FIRST[st.level], fx);
            }
            target = idx - 1;
        } else if (cmd === 'next') {
            if (st.ended) {
                fx.push({tone: 'end'});
                fx.push({say: 'end'});
                return;
            }
            if (idx + 1 >= n) {
                return boundary(LAST[st.level], fx);
            }
            target = idx + 1;
        } else {
            target = idx < n ? idx : n - 1;
        }
        go(elemPos(st.level, target), fx);
    }

    function stepLevel(cmd, fx) {
        var atEnd = cmd === 'coarser' ? st.level === LEVEL_SECTION : st.level === LEVEL_SENTENCE;
        if (atEnd) {
            return boundary('level-' + st.level, fx);
        }
        st.level += cmd === 'coarser' ? -1 : 1;
        fx.push({say: 'level-' + st.level});
        carryOn(fx);
    }

    function stepRate(cmd, fx) {
        var dir = cmd === 'faster' ? 1 : -1;
        var r = Math.min(D.rateMax, Math.max(D.rateMin, st.rate + dir * D.rateStep));
        if (r === st.rate) {
            return boundary(sayKeyRate(dir > 0 ? 'fastest' : 'slowest', r), fx);
        }
        /* Keep the place in the unit's own time; the audio is what changes speed. */
        st.rate = r;
        fx.push({say: sayKeyRate(dir > 0 ? 'faster' : 'slower', r)});
        carryOn(fx);
    }

    function stepWhere(fx) {
        var p = curPos(), section = D.units[st.unit].section;
        var idx = elemIndex(LEVEL_ITEM, p), i = 0, item = 0, nItems = 0;
        for (var u = 0; u < D.units.length; u++) {
            var k = unitElems(LEVEL_ITEM, u);
            var here = D.units[u].section === section && D.units[u].kind !== 'updated';
            for (var e = 0; e < k; e++, i++) {
                if (!here) {
                    continue;
                }
                nItems++;
                if (i <= idx) {
                    item = nItems;
                }
            }
        }
        var key = 'where-' + (section + 1);
        if (st.level !== LEVEL_SECTION && item > 0 && D.say[key + '-' + item]) {
            key += '-' + item;
        }
        fx.push({say: key});
        fx.push({say: sayKeyLeft(secondsLeft())});
        carryOn(fx);
    }

    function stepPause(fx) {
        if (st.ended) {
            fx.push({tone: 'end'});
            fx.push({say: 'end'});
            return;
        }
        if (st.paused) {
            st.paused = false;
            carryOn(fx);
            return;
        }
        st.paused = true;
        fx.push({say: 'paused'});
    }

    function stepQuestions(fx) {
        if (D.questions < 0) {
            return boundary('no-questions', fx);
        }
        for (var u = 0; u < D.units.length; u++) {
            if (D.units[u].section === D.questions && D.units[u].kind !== 'updated') {
                return go([u, 0], fx);
            }
        }
        boundary('no-questions', fx);
    }

    function stepUnitEnd(fx) {
        if (st.paused || st.ended) {
            return;
        }
        if (st.unit + 1 < D.units.length) {
            return go([st.unit + 1, 0], fx);
        }
        st.ended = true;
        st.time = D.units[st.unit].duration;
        fx.push({tone: 'end'});
        fx.push({say: 'end'});
    }

    /* One command: the new state and its effects, carried out at once.  CMD is a
     * command name of src/nav.c ("next", "prev", ...) or "unit-end". */
    function command(cmd) {
        var fx = [];
        syncTime();
        switch (cmd) {
        case 'prev':
        case 'next':
        case 'repeat':
            stepMove(cmd, fx);
            break;
        case 'coarser':
        case 'finer':
            stepLevel(cmd, fx);
            break;
        case 'pause':
            stepPause(fx);
            break;
        case 'start':
            fx.push({say: 'start'});
            go([0, 0], fx);
            break;
        case 'questions':
            stepQuestions(fx);
            break;
        case 'slower':
        case 'faster':
            stepRate(cmd, fx);
            break;
        case 'help':
            fx.push({say: 'help'});
            carryOn(fx);
            openHelp();
            break;
        case 'where':
            stepWhere(fx);
            break;
        case 'unit-end':
            stepUnitEnd(fx);
            run(fx, false);
            return;
        default:
            return;
        }
        run(fx, true);
    }

    /* ---- carrying effects out ---- */

    function syncTime() {
        if (playing && playing.play && !leaf.paused) {
            st.time = leaf.currentTime;
        }
    }

    function stopAll() {
        queue = [];
        playing = null;
        leaf.pause();
        sayAudio.pause();
    }

    function announce(text) {
        /* Cleared first, so the same words said twice are announced twice. */
        status.textContent = '';
        window.setTimeout(function () {
            status.textContent = text;
        }, 50);
    }

    function run(fx, stop) {
        if (stop) {
            stopAll();
        }
        var words = [];
        for (var i = 0; i < fx.length; i++) {
            if (fx[i].say && D.say[fx[i].say]) {
                words.push(D.say[fx[i].say].text);
            }
            queue.push(fx[i]);
        }
        if (words.length) {
            announce(words.join(' '));
        } else if (stop) {
            status.textContent = '';
        }
        showPlace();
        savePlace();
        if (!playing) {
            nextStep();
        }
    }

    function tone(kind) {
        var AC = window.AudioContext || window.webkitAudioContext;
        if (!AC) {
            return;
        }
        try {
            toneCtx = toneCtx || new AC();
            var o = toneCtx.createOscillator(), g = toneCtx.createGain(), t = toneCtx.currentTime;
            o.frequency.value = kind === 'end' ? 440 : 880;
            g.gain.setValueAtTime(0.2, t);
            g.gain.exponentialRampToValueAtTime(0.001, t + 0.15);
            o.connect(g);
            g.connect(toneCtx.destination);
            o.start(t);
            o.stop(t + 0.15);
        } catch (e) {
            /* No audio output for tones: the spoken words still say it. */
        }
    }

    function setRate(a) {
        a.playbackRate = speedFactor();
        a.preservesPitch = true;
    }

    function nextStep() {
        playing = queue.shift() || null;
        if (!playing) {
            return;
        }
        var step = playing;
        if (step.tone) {
            tone(step.tone);
            window.setTimeout(function () {
                if (playing === step) {
                    nextStep();
                }
            }, 200);
        } else if (step.say) {
            var s = D.say[step.say];
            if (!s) {
                nextStep();
                return;
            }
            sayAudio.src = s.audio;
            setRate(sayAudio);
            playMedia(sayAudio, step);
        } else if (step.play) {
            var u = D.units[step.play[0]];
            if (leaf.getAttribute('src') !== u.audio) {
                leaf.src = u.audio;
            }
            st.unit = step.play[0];
            st.time = sentenceBegin(step.play[0], step.play[1]);
            leaf.currentTime = st.time;
            setRate(leaf);
            highlight();
            playMedia(leaf, step);
        }
    }

    function playMedia(a, step) {
        var p = a.play();
        if (p && p.catch) {
            p.catch(function (e) {
                /* A newer step took over (AbortError), or the browser refused to play
                 * before a gesture: then wait paused for the next key. */
                if (playing === step && e && e.name === 'NotAllowedError') {
                    stopAll();
                    st.paused = true;
                    showPlace();
                }
            });
        }
    }

    sayAudio.addEventListener('ended', function () {
        if (playing && playing.say) {
            nextStep();
        }
    });
    leaf.addEventListener('ended', function () {
        if (playing && playing.play) {
            playing = null;
            st.time = D.units[st.unit].duration;
            command('unit-end');
        }
    });
    leaf.addEventListener('timeupdate', function () {
        if (playing && playing.play) {
            st.time = leaf.currentTime;
            highlight();
        }
    });
    function frame() {
        if (playing && playing.play && !leaf.paused) {
            st.time = leaf.currentTime;
            highlight();
        }
        window.requestAnimationFrame(frame);
    }
    window.requestAnimationFrame(frame);

    /* ---- what is shown ---- */

    function highlight() {
        var u = D.units[st.unit];
        var s = u.sentences[sentenceAt(st.unit, st.time)];
        var el = s ? document.getElementById(s.id) : null;
        if (el === shown) {
            return;
        }
        if (shown) {
            shown.classList.remove('now');
            shown.removeAttribute('aria-current');
        }
        shown = el;
        if (!el) {
            return;
        }
        el.classList.add('now');
        el.setAttribute('aria-current', 'true');
        var r = el.getBoundingClientRect(), h = window.innerHeight;
        if (r.top < h * 0.15 || r.bottom > h * 0.85) {
            el.scrollIntoView({block: 'center', behavior: reduceMotion ? 'auto' : 'smooth'});
        }
        savePlace();
    }

    function showPlace() {
        highlight();
        var u = D.units[st.unit];
        var words = D.ui || {};
        var parts = [];
        parts.push((words.section || 'Section') + ' ' + (u.section + 1) + '/' + D.sections.length +
                   ': ' + D.sections[u.section]);
        parts.push((words.level || 'Moving by') + ' ' + (D.levels || [])[st.level]);
        parts.push(Math.round(speedFactor() * 100) + '%');
        place.textContent = parts.join(' \u00b7 ');
        if (playButton) {
            var label = playButton.querySelector('.label');
            label.textContent = st.paused || st.ended ? playButton.getAttribute('data-play')
                                                      : playButton.getAttribute('data-pause');
        }
        region.setAttribute('data-state', st.ended ? 'ended' : st.paused ? 'paused' : 'playing');
    }

    /* ---- the place and speed, per leaflet ---- */

    function savePlace() {
        try {
            window.localStorage.setItem(storeKey, JSON.stringify({
                unit: st.unit, sentence: sentenceAt(st.unit, st.time), level: st.level,
                rate: st.rate}));
        } catch (e) {
            /* Storage off (private mode, policy): nothing is remembered. */
        }
    }

    function loadPlace() {
        var v = null;
        try {
            v = JSON.parse(window.localStorage.getItem(storeKey) || 'null');
        } catch (e) {
            v = null;
        }
        if (!v || typeof v.unit !== 'number' || v.unit < 0 || v.unit >= D.units.length) {
            return;
        }
        st.unit = v.unit;
        var s = typeof v.sentence === 'number' ? v.sentence : 0;
        s = Math.min(Math.max(0, s), nSent(v.unit) - 1);
        st.time = sentenceBegin(v.unit, s);
        if (v.level === 0 || v.level === 1 || v.level === 2) {
            st.level = v.level;
        }
        if (v.rate === D.rate || D.say[sayKeyRate('faster', v.rate)] ||
            D.say[sayKeyRate('slower', v.rate)]) {
            st.rate = v.rate;
        }
    }

    /* ---- help ---- */

    function openHelp() {
        if (helpDialog && !helpDialog.open && helpDialog.showModal) {
            helpDialog.showModal();
        }
    }

    if (helpDialog) {
        helpDialog.addEventListener('close', function () {
            region.focus();
        });
        helpDialog.addEventListener('keydown', function (e) {
            var cmd = keyCommand(e);
            if (!cmd || isButtonActivation(e)) {
                return;
            }
            e.preventDefault();
            helpDialog.close();
            if (cmd !== 'help') {
                command(cmd);
            }
        });
    }

    /* ---- keys, buttons and taps ---- */

    var KEYS = {
        '4': 'prev', '6': 'next', '5': 'repeat', '2': 'coarser', '8': 'finer', '0': 'pause',
        '1': 'start', '3': 'questions', '7': 'slower', '9': 'faster', '*': 'help',
        '#': 'where', '/': 'where', 'ArrowLeft': 'prev', 'ArrowRight': 'next',
        'ArrowUp': 'coarser', 'ArrowDown': 'finer', ' ': 'pause', '+': 'faster', '-': 'slower',
        '?': 'help'
    };
    var NUMPAD = {
        'NumpadMultiply': '*', 'NumpadDivide': '/', 'NumpadAdd': '+', 'NumpadSubtract': '-'
    };

    function keyCommand(e) {
        if (e.ctrlKey || e.altKey || e.metaKey) {
            return null;
        }
        var key = e.key;
        /* A keypad digit is its digit whether NumLock is on or off. */
        if (/^Numpad[0-9]$/.test(e.code || '')) {
            key = e.code.charAt(6);
        } else if (NUMPAD[e.code]) {
            key = NUMPAD[e.code];
        }
        return KEYS[key] || null;
    }

    function isButtonActivation(e) {
        var t = e.target;
        return t && t.tagName === 'BUTTON' && (e.key === ' ' || e.key === 'Enter');
    }

    region.addEventListener('keydown', function (e) {
        var cmd = keyCommand(e);
        if (!cmd || isButtonActivation(e)) {
            return;
        }
        e.preventDefault();
        command(cmd);
    });
    region.addEventListener('click', function (e) {
        var b = e.target.closest ? e.target.closest('button[data-cmd]') : null;
        if (b) {
            command(b.getAttribute('data-cmd'));
        }
    });
    document.querySelector('main').addEventListener('click', function (e) {
        var el = e.target.closest ? e.target.closest('.s') : null;
        if (!el) {
            return;
        }
        for (var u = 0; u < D.units.length; u++) {
            var ss = D.units[u].sentences;
            for (var s = 0; s < ss.length; s++) {
                if (ss[s].id === el.id) {
                    var fx = [];
                    go([u, s], fx);
                    run(fx, true);
                    return;
                }
            }
        }
    });

    loadPlace();
    showPlace();
    region.setAttribute('data-ready', '1');
})();
