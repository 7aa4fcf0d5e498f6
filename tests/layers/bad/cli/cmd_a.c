/* layers fixture: the command reaching into the engine, and a circle of its own */
#include "triage/triage.h"
#include "../engine/kb.h"
#include "cmd_b.h"
