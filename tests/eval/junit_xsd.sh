#!/bin/sh
# junit_xsd.sh TRIAGE [EVAL ARGS...] - `triage eval --format junit EVAL ARGS` (run inside
# tests/eval) is valid against the strict JUnit schema that Jenkins' xUnit plugin validates
# reports with, checked by xmllint (Debian package libxml2-utils).
#
# The schema, tests/eval/junit-10.xsd, is a verbatim copy of
#   https://github.com/jenkinsci/xunit-plugin/blob/031e285ef3b60dee7aaf36e9096d7dcd95ffae83/
#     src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd
# (MIT licence, copyright 2014 Gregory Boissinot; the licence text is in the file). It allows
# no attributes on <testcase> but name, classname, time and group: a case's file and line go in
# the suite's <properties>.
#
# First a control: the schema must refuse a <testcase> with a `file` attribute (so an empty or
# broken schema cannot pass everything). Exits 77 (skipped) without xmllint.
triage=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
xsd=$here/junit-10.xsd
command -v xmllint >/dev/null 2>&1 || { echo "skipped: xmllint (Debian package libxml2-utils) not installed"; exit 77; }
xmllint --version 2>&1 | head -n 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/control.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="s" tests="1" failures="0" errors="0">
<testcase name="c" classname="s" file="x.yaml"/></testsuite></testsuites>
XML
if xmllint --noout --schema "$xsd" "$tmp/control.xml" 2>/dev/null; then
  echo "junit-xsd: the schema accepts a <testcase file=...>: it is not the strict schema"
  exit 1
fi

(cd "$here" && NO_COLOR=1 "$triage" eval --format junit "$@" > "$tmp/out.xml" 2>/dev/null)
status=$?
case $status in 0|1|4) ;; *) echo "junit-xsd: triage eval exited $status"; exit 1 ;; esac
xmllint --noout --schema "$xsd" "$tmp/out.xml" || exit 1
echo "junit-xsd: $(grep -c '<testcase ' "$tmp/out.xml") test cases valid against junit-10.xsd"
