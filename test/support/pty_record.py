#!/usr/bin/env python3
"""Records every byte a program writes to a real pseudo-terminal.

usage: pty_record.py OUT_FILE COLUMNS ROWS PATTERN [END] -- COMMAND...
Runs COMMAND, waits until PATTERN (a regular expression over the raw bytes)
has appeared, waits 300 ms more, ends it, waits for the exit, and writes the
raw bytes to OUT_FILE and "EXIT SECONDS" (the exit status, or "-" if it had to
be killed, and how long the end took) to OUT_FILE.status. Exit code 1 if the
pattern never appeared. END is how it is ended: "q" typed (the default), a
signal sent to it (TERM, HUP, INT), "close" the terminal (a hang-up), or
"wait" for it to end on its own.
"""
import fcntl, os, pty, re, select, signal, struct, sys, termios, time

def main():
    out, columns, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    pattern = re.compile(sys.argv[4].encode())
    separator = sys.argv.index('--')
    end_action = sys.argv[5] if separator > 5 else 'q'
    command = sys.argv[separator + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, columns, 0, 0))
    data = b''
    found_at = None
    deadline = time.time() + 20
    while time.time() < deadline:
        if found_at is None and pattern.search(data):
            found_at = time.time()
        if found_at is not None and time.time() - found_at > 0.3:
            break
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    status = '-'
    ended_at = time.time()
    try:
        if end_action == 'q':
            os.write(fd, b'q')
        elif end_action == 'close':
            # The terminal goes away, as when an ssh session drops: the kernel hangs up the session.
            os.close(fd)
        elif end_action != 'wait':
            os.kill(pid, getattr(signal, 'SIG' + end_action))
        end = time.time() + 10
        while time.time() < end:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = str(os.waitstatus_to_exitcode(code))
                break
    except OSError:
        pass
    # The pty may close (EIO) a moment before the process is reaped.
    end = time.time() + 5
    while status == '-' and time.time() < end:
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            status = str(os.waitstatus_to_exitcode(code))
        else:
            time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    # What the process wrote just before it exited may still wait in the pty: read it to the end (EIO once the
    # last writer is gone). Without this, a loaded machine lost the last bytes, the terminal's restore among them.
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    with open(out, 'wb') as handle:
        handle.write(data)
    with open(out + '.status', 'w') as handle:
        handle.write('%s %.3f' % (status, time.time() - ended_at))
    sys.exit(0 if found_at else 1)

main()
