#!/bin/sh
# Starts a Facet service ($MAIN) from the jars in /app/lib, with an AppCDS archive of its classes when it has one.
#
# The first start of a container records the classes it loaded into an archive when the JVM exits (docker stop:
# SIGTERM, after the service's graceful shutdown); later starts of the same container map that archive instead of
# finding, parsing and verifying those classes again: about half the time to ready (BENCHMARKS.md, Resources).
# JDK 19+ does this by itself with -XX:+AutoCreateSharedArchive; the image runs 17, which has the two halves.
#
# The archive lives in /app/cds, where docker-compose.yml mounts a named volume per service, so it outlives the
# container: `docker compose down` / `up` starts warm. A rebuilt image (`up --build` after a change) has other
# jars, so its first start is cold once and records the archive again. Without a volume (plain `docker run`),
# /app/cds is the container's own layer and only restarts of that container are warm.
#
# An archive the JVM cannot use (cut short by a kill during the dump, or written for other jars) is found by a
# -version check that maps it and is recorded anew; the check is one short JVM start (0.05-0.07 s measured).
# One archive per service: replicas of one service would write the same file at exit, so give each its own volume.
set -eu

lib="${FACET_LIB:-/app/lib}"
archive="${FACET_CDS_ARCHIVE:-/app/cds/classes.jsa}"

if [ -s "$archive" ] && java -XX:SharedArchiveFile="$archive" -Xshare:on -cp "$lib/*" -version >/dev/null 2>&1; then
  cds="-XX:SharedArchiveFile=$archive"
else
  rm -f "$archive"
  cds="-XX:ArchiveClassesAtExit=$archive"
fi

exec java "$cds" -cp "$lib/*" "$MAIN" "$@"
