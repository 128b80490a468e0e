#!/usr/bin/env python3
"""Run fuzz targets over their committed inputs (the fuzz-corpus and
fuzz-smoke tests of fuzz/meson.build).

    run_corpus.py --driver|--libfuzzer|--smoke FUZZDIR [--scratch DIR] EXE NAME ...

Each target NAME gets fuzz/corpus/NAME and fuzz/hostile/NAME (when present).
--driver: EXE is linked with driver.c and runs each input once.
--libfuzzer: EXE is a libFuzzer binary; -runs=0 runs each input once.
--smoke: libFuzzer, fuzzing from the corpus for -runs=2000; new inputs are
written under the scratch directory, never into the source tree.
"""
import os
import subprocess
import sys


def main(argv):
    mode, fuzzdir = argv[1], argv[2]
    rest = argv[3:]
    scratch = None
    if rest[:1] == ['--scratch']:
        scratch, rest = rest[1], rest[2:]
    failed = 0
    for exe, name in zip(rest[0::2], rest[1::2]):
        dirs = [os.path.join(fuzzdir, d, name) for d in ('corpus', 'hostile')]
        dirs = [d for d in dirs if os.path.isdir(d)]
        if mode == '--driver':
            cmd = [exe] + dirs
        elif mode == '--libfuzzer':
            cmd = [exe, '-runs=0', '-close_fd_mask=1'] + dirs
        else:
            out = os.path.join(scratch, name)
            os.makedirs(out, exist_ok=True)
            dict_ = os.path.join(fuzzdir, name + '.dict')
            cmd = [exe, out] + dirs + ['-runs=2000', '-seed=1', '-close_fd_mask=1',
                                       '-max_len=65536']
            if os.path.exists(dict_):
                cmd.append('-dict=' + dict_)
        print('$', ' '.join(cmd), flush=True)
        rc = subprocess.run(cmd).returncode
        print(f'{name}: exit {rc}', flush=True)
        failed += rc != 0
    print(f'{len(rest) // 2 - failed} of {len(rest) // 2} targets passed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
