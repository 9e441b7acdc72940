#!/usr/bin/env python3
"""Time from launch until a pattern appears on a real pseudo-terminal.

usage: pty_time.py COLUMNS ROWS PATTERN -- COMMAND...
Prints the milliseconds from fork to the first output that matches PATTERN
(a regular expression over everything written so far, escape sequences
included) and the CPU milliseconds the program had used by then, then sends
'q' and waits for the program to exit.
"""
import fcntl, os, pty, re, select, signal, struct, sys, termios, time

def cpu_ms(pid):
    # user + system time the program has used so far: on a shared machine this moves far less than the wall clock.
    with open(f'/proc/{pid}/stat') as stat:
        fields = stat.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf('SC_CLK_TCK')

def main():
    columns, rows, pattern = int(sys.argv[1]), int(sys.argv[2]), re.compile(sys.argv[3].encode())
    command = sys.argv[sys.argv.index('--') + 1:]
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, columns, 0, 0))
    seen = b''
    elapsed = None
    deadline = start + 30
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if pattern.search(seen):
            elapsed = (time.perf_counter() - start) * 1000
            cpu = cpu_ms(pid)
            break
    try:
        os.write(fd, b'q')
        end = time.time() + 5
        while time.time() < end:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    os.read(fd, 65536)
                except OSError:
                    break
        else:
            os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    if elapsed is None:
        sys.stderr.write('pattern never appeared; last output:\n' + seen[-2000:].decode(errors='replace') + '\n')
        sys.exit(1)
    print(f'{elapsed:.1f} {cpu:.0f}')

main()
