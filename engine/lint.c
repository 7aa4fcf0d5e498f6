/*
 * lint.c - knowledge-base checks that go beyond loading.
 */
#include "lint.h"

void lint_kb(const tri_kb *kb, diag_sink *d)
{
    (void)kb;
    (void)d;
}
