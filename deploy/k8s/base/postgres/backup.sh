#!/bin/sh
# Nightly backup: a custom-format dump plus a per-table checksum manifest (scripts/ops/backup.ts), uploaded
# to the backup bucket; dumps older than the retention are removed from the bucket.
set -eu
exec node --import tsx scripts/ops/backup.ts \
  --output "/backup/xcr-$(date -u +%Y%m%dT%H%M%SZ).dump" \
  --upload "s3://${XCR_BACKUP_S3_BUCKET}/postgres/" \
  --keep-days "${XCR_BACKUP_KEEP_DAYS:-30}"
