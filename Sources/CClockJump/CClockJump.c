#include "CClockJump.h"
#include <errno.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <unistd.h>

int frist_clock_jump_rearm(int fd) {
    struct itimerspec spec = {0};
    spec.it_value.tv_sec = INT32_MAX;
    return timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, NULL);
}

int frist_clock_jump_open(void) {
    int fd = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK);
    if (fd < 0) return -1;
    if (frist_clock_jump_rearm(fd) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int frist_clock_jump_consume(int fd) {
    uint64_t expirations = 0;
    ssize_t n = read(fd, &expirations, sizeof expirations);
    return n < 0 && errno == ECANCELED ? 1 : 0;
}
