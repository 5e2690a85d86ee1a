#!/usr/bin/env bash
# e2e_play_term: 'audioleaf play' with keys from a real terminal (a pseudo-terminal):
# arrows and q work, one plain line per event, and the terminal mode is restored after
# q, SIGTERM and Ctrl-C.  Sound goes into ALSA's file plugin.
set -u
. "$(dirname "$0")/lib.sh"
play_setup
alsa_file_conf "$tmp/capture.raw"
"$bin" render "$leaflet" --cache "$tmp/cache" --quiet || { echo "FAIL: render"; exit 1; }

python3 - "$bin" "$leaflet" "$tmp/cache" <<'EOF'
import os, re, select, shutil, signal, subprocess, sys, termios, time

bin, leaflet, cache = sys.argv[1:4]
failures = []

def run(keys, stop=None, extra=('--no-resume',)):
    """Run play on a new pseudo-terminal with EXTRA options (and --verbose: unit ids); for each (TEXT, BYTES) of KEYS
    wait until the output so far holds TEXT (a regular expression; at most 30 s), then type
    BYTES; optionally send signal STOP once the output holds the last TEXT again; return
    (exit status, output, terminal lflag before, after)."""
    master, slave = os.openpty()
    before = termios.tcgetattr(slave)[3]
    p = subprocess.Popen([bin, 'play', leaflet, '--cache', cache, '--verbose'] + list(extra),
                         stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    out = b''

    def read_until(pattern):
        nonlocal out
        deadline = time.monotonic() + 30
        while not re.search(pattern, out.decode('utf-8', 'replace'), re.M):
            left = deadline - time.monotonic()
            if left <= 0 or p.poll() is not None:
                return
            if select.select([master], [], [], min(left, 0.1))[0]:
                try:
                    out += os.read(master, 65536)
                except OSError:
                    return
    for text, data in keys:
        read_until(text)
        os.write(master, data)
    if stop:
        read_until(stop[0])
        p.send_signal(stop[1])
    try:
        rc = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = 'timeout'
    after = termios.tcgetattr(slave)[3]
    os.set_blocking(master, False)
    try:
        while True:
            chunk = os.read(master, 65536)
            if not chunk:
                break
            out += chunk
    except (BlockingIOError, OSError):
        pass
    os.close(master)
    os.close(slave)
    return rc, out.decode('utf-8', 'replace'), before, after

rc, out, before, after = run([('^s1: ', b'\x1b[C'), ('^s2: ', b'q')])
if rc != 0:
    failures.append('q: exit %s' % rc)
if 's1: ' not in out or 's2: ' not in out:
    failures.append('right arrow: expected lines for s1 and s2, got %r' % out)
if '\x1b[' in out or '\r\x1b' in out:
    failures.append('output redraws the terminal: %r' % out)
if after != before:
    failures.append('terminal mode not restored after q')

# The keypad without NumLock: End (ESC [4~) is 1, the start of the leaflet.
rc, out, before, after = run([('^s1: ', b'\x1b[C'), ('^s2: ', b'\x1b[4~'),
                                  ('Start of leaflet', b'q')])
if rc != 0 or 'Start of leaflet.' not in out:
    failures.append('End key: exit %s, output %r' % (rc, out))

rc, out, before, after = run([], stop=('^s1: ', signal.SIGTERM))
if rc == 'timeout':
    failures.append('SIGTERM: did not stop')
if after != before:
    failures.append('terminal mode not restored after SIGTERM')

rc, out, before, after = run([('^s1: ', b'\x03')])
if rc == 'timeout':
    failures.append('Ctrl-C: did not stop')
if after != before:
    failures.append('terminal mode not restored after Ctrl-C')

# SIGTERM and Ctrl-C after 6 with --record: the recording so far is kept under its name
# (no .tmp), and the next run goes on from the saved place, not the top (the file device
# plays faster than real time, so the place may be past section 2).
rec = os.path.join(os.path.dirname(cache), 'term.wav')
for name, stop, keys in (('SIGTERM', ('^s2: ', signal.SIGTERM), [('^s1: ', b'6')]),
                         ('Ctrl-C', None, [('^s1: ', b'6'), ('^s2: ', b'\x03')])):
    for f in (rec, rec + '.tmp'):
        if os.path.exists(f):
            os.remove(f)
    shutil.rmtree(os.environ['XDG_STATE_HOME'], ignore_errors=True)
    rc, out, before, after = run(keys, stop=stop, extra=('--record', rec))
    if rc == 'timeout' or after != before:
        failures.append('%s with --record: exit %s, terminal restored: %s'
                        % (name, rc, after == before))
    if not os.path.exists(rec) or os.path.exists(rec + '.tmp'):
        failures.append('%s: the recording was not finished under its name' % name)
    rc, out, before, after = run([('^s[0-9.q]+: ', b'q')], extra=())
    # The first unit printed (after the title and "Continuing at ...").
    first = [l for l in out.replace('\r', '').split('\n') if re.match(r's[0-9]', l)][:1]
    if not first or not first[0].startswith('s') or first[0].startswith('s1: '):
        failures.append('%s: the place was not saved (next run: %r)' % (name, out))

for f in failures:
    print('FAIL:', f)
sys.exit(1 if failures else 0)
EOF
rc=$?
[ $rc -eq 0 ] && echo "e2e_play_term: ok"
exit $rc
