#!/bin/sh
# Init container of a read replica: on an empty volume, copy the primary with pg_basebackup and write the
# standby settings (-R); on later starts there is nothing to do and the replica resumes streaming.
set -eu
if [ -s "$PGDATA/PG_VERSION" ]; then
  echo "replica data present"
  exit 0
fi
until pg_isready -h "$PRIMARY_HOST" -p 5432 -q; do
  echo "waiting for the primary at $PRIMARY_HOST"; sleep 3
done
mkdir -p "$PGDATA"
chmod 0700 "$PGDATA"
PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h "$PRIMARY_HOST" -p 5432 -U replicator \
  -D "$PGDATA" -R -X stream --checkpoint=fast --no-password
echo "replica initialised from $PRIMARY_HOST"
