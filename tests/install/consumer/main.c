/*
 * main.c - a program using libtriage as an outside project would: the bundled knowledge base,
 * one answer, the triage level. tests/install/install.sh builds it against the installed
 * library (pkg-config, find_package) and through add_subdirectory, shared and static.
 */
#include <stdio.h>
#include <triage/triage.h>

int main(void)
{
    if (tri_version_number() != TRI_VERSION_NUMBER) {
        fprintf(stderr, "consumer: header %s, library %s\n", TRI_VERSION, tri_version());
        return 1;
    }
    tri_error err = {0};
    tri_kb *kb = tri_kb_load_default(NULL, &err);
    tri_session *s = kb ? tri_session_new(kb, NULL, &err) : NULL;
    int q = kb ? tri_kb_question_find(kb, "emergency_signs") : -1;
    if (!s || q < 0 || tri_session_answer(s, (size_t)q, "face_droop", &err) != TRI_OK) {
        fprintf(stderr, "consumer: %s:%u:%u: %s\n", err.file, err.line, err.column, err.message);
        tri_session_free(s);
        tri_kb_free(kb);
        return 1;
    }
    tri_session_evaluate(s);
    printf("triage %s: %zu questions, level %s\n", tri_version(), tri_kb_question_count(kb),
           tri_level_name(tri_result_level(s)));
    tri_session_free(s);
    tri_kb_free(kb);
    return 0;
}
