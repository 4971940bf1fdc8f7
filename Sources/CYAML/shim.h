#ifndef FRIST_CYAML_SHIM_H
#define FRIST_CYAML_SHIM_H
// libyaml's event parser: Frist reads configs from its events with line and column marks.
#include <yaml.h>
#endif
