#ifndef FRIST_CCLOCKJUMP_H
#define FRIST_CCLOCKJUMP_H

/// A timerfd on CLOCK_REALTIME armed far in the future with TFD_TIMER_CANCEL_ON_SET: reading it
/// fails with ECANCELED when the wall clock is set. Returns the fd, or -1.
int frist_clock_jump_open(void);

/// Arms the timer again after a jump was seen. Returns 0, or -1.
int frist_clock_jump_rearm(int fd);

/// Reads the fd; returns 1 when the clock was set (ECANCELED), 0 otherwise.
int frist_clock_jump_consume(int fd);

#endif
