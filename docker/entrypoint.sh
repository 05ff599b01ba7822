#!/bin/sh
# Starts a Facet service ($MAIN) from the jars in /app/lib, with an AppCDS archive of its classes when it has one.
#
# The first start of a container records the classes it loaded into an archive when the JVM exits (docker stop:
# SIGTERM, after the service's graceful shutdown); later starts of the same container map that archive instead of
# finding, parsing and verifying those classes again: about half the time to ready (BENCHMARKS.md, Resources).
# JDK 19+ does this by itself with -XX:+AutoCreateSharedArchive; the image runs 17, which has the two halves.
#
# An archive the JVM cannot use (cut short by a kill during the dump, or written for other jars) is found by a
# -version check that maps it and is recorded anew; the check is one short JVM start (0.05-0.07 s measured).
set -eu

lib="${FACET_LIB:-/app/lib}"
archive="${FACET_CDS_ARCHIVE:-/tmp/facet-classes.jsa}"

if [ -s "$archive" ] && java -XX:SharedArchiveFile="$archive" -Xshare:on -cp "$lib/*" -version >/dev/null 2>&1; then
  cds="-XX:SharedArchiveFile=$archive"
else
  rm -f "$archive"
  cds="-XX:ArchiveClassesAtExit=$archive"
fi

exec java "$cds" -cp "$lib/*" "$MAIN" "$@"
