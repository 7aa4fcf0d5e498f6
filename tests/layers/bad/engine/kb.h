/* layers fixture: the representation, floor 2 */
#include "arena.h"
