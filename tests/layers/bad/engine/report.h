/* layers fixture: the report, floor 7 */
#include "kb.h"
