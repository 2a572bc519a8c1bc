/* Forwarding relay, one process per client connection (as PostgreSQL's backends are): accepts on
 * a port, connects each client to an upstream port, and copies bytes both ways with poll().
 * It parses nothing: it bounds what any process-per-connection middle hop can reach. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static int copy_once(int from, int to)
{
    char buffer[65536];
    ssize_t n = read(from, buffer, sizeof buffer);
    if (n <= 0)
        return -1;
    for (ssize_t done = 0; done < n;) {
        ssize_t w = write(to, buffer + done, n - done);
        if (w <= 0)
            return -1;
        done += w;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: relay LISTEN_PORT UPSTREAM_PORT\n");
        return 2;
    }
    signal(SIGCHLD, SIG_IGN);
    int listener = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET,
                                  .sin_port = htons(atoi(argv[1])),
                                  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *)&address, sizeof address) || listen(listener, 128)) {
        perror("relay");
        return 1;
    }
    for (;;) {
        int client = accept(listener, NULL, NULL);
        if (client < 0)
            continue;
        if (fork() != 0) {
            close(client);
            continue;
        }
        close(listener);
        int upstream = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in to = {.sin_family = AF_INET,
                                 .sin_port = htons(atoi(argv[2])),
                                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        if (connect(upstream, (struct sockaddr *)&to, sizeof to))
            _exit(1);
        setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        setsockopt(upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct pollfd fds[2] = {{.fd = client, .events = POLLIN},
                                {.fd = upstream, .events = POLLIN}};
        for (;;) {
            if (poll(fds, 2, -1) < 0)
                _exit(1);
            if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) && copy_once(client, upstream))
                _exit(0);
            if ((fds[1].revents & (POLLIN | POLLHUP | POLLERR)) && copy_once(upstream, client))
                _exit(0);
        }
    }
}
