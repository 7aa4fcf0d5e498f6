/* layers fixture: a module missing from the table of floors */
#include "arena.h"
