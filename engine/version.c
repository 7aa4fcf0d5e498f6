/*
 * version.c - the version of the library a program runs with.
 *
 * The numbers come from include/triage/triage.h as this file is compiled, so
 * they are the library's own even when a program was built with an older
 * header and runs with a newer shared library.
 */
#include "triage/triage.h"

const char *tri_version(void)
{
    return TRI_VERSION;
}

int tri_version_number(void)
{
    return TRI_VERSION_NUMBER;
}
