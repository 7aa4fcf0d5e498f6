/* layers fixture: the base, floor 0 */
#include <stddef.h>
