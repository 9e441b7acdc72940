# The fixture image every engine test runs: busybox from the machine, no registry needed.
# Built by test/support/fixtures.sh on the test engine and by test/support/podman.ts inside Podman.
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
LABEL dockdash.fixture=busybox
CMD ["sh"]
