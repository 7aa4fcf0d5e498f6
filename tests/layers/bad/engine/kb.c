/* layers fixture: reaches up to the report (floor 7) */
#include "kb.h"
#include "report.h"
