/* layers fixture */
#include "cmd_a.h"
#include "arena.h"
