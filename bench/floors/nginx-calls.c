/*
 * bench/floors/nginx-calls.c - a measuring instrument, not part of hbpushd. Preloaded into a JVM
 * (LD_PRELOAD), it makes the JDK's socket calls the ones nginx makes, so that what the JDK's own
 * choices cost in the kernel can be measured (bench/kernel-split.sh NGINX_CALLS=1, bench/ab.sh
 * NGINX_CALLS_B=1):
 *
 *   - read(2) on a socket becomes recvfrom(2). The JDK's SocketDispatcher reads with read(2), which
 *     goes through the VFS before the socket's layers; nginx calls recv.
 *   - epoll_ctl(2) registrations become edge-triggered (EPOLLET). The JDK's selector registers
 *     level-triggered ones, which the kernel checks once more at the next epoll_wait after
 *     reporting them; nginx registers edge-triggered ones.
 *
 * Edge-triggered registration breaks the selector's contract: a socket whose bytes arrive while its
 * interest is off is not reported again until more bytes come. A fanout's connections, one request
 * at a time, do not run into that; a server in use could, so nothing but a benchmark may run with it.
 * Each half can be switched off: NGINX_CALLS_NO_RECV=1, NGINX_CALLS_NO_ET=1.
 *
 *   cc -O2 -shared -fPIC -o nginx-calls.so bench/floors/nginx-calls.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static int recv_on = -1;
static int edge_on = -1;

/* 1 unless the environment variable is "1"; read once */
static int switched_on(int *flag, const char *off) {
    if (*flag < 0) {
        const char *value = getenv(off);
        *flag = !(value != NULL && value[0] == '1' && value[1] == '\0');
    }
    return *flag;
}

ssize_t read(int fd, void *buffer, size_t count) {
    if (switched_on(&recv_on, "NGINX_CALLS_NO_RECV")) {
        ssize_t received = recvfrom(fd, buffer, count, 0, NULL, NULL);
        /* not a socket (a file, a pipe, the selector's eventfd): read it as the JDK asked */
        if (received >= 0 || errno != ENOTSOCK) {
            return received;
        }
    }
    return syscall(SYS_read, fd, buffer, count);
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event) {
    if (event != NULL && (op == EPOLL_CTL_ADD || op == EPOLL_CTL_MOD) && switched_on(&edge_on, "NGINX_CALLS_NO_ET")) {
        event->events |= EPOLLET;
    }
    return syscall(SYS_epoll_ctl, epfd, op, fd, event);
}
