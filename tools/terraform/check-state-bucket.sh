#!/usr/bin/env bash
# Checks, with the AWS CLI, that the remote-state bucket named in apps/bootstrap/bootstrap.json
# exists, is versioned, is encrypted with SSE-KMS and blocks every kind of public access. The deploy
# workflow runs it before any plan; exits 1 with a GitHub error annotation naming what is wrong.
#
# The public-access query takes the values of the configuration as a list first (`values(...)`): the
# earlier `PublicAccessBlockConfiguration.*[?@==\`true\`]` filtered each boolean of a projection
# instead of the list, so it counted 0 with all four flags on and the check could never pass.
# tools/plan-review/test/check-state-bucket.test.ts runs this script against recorded responses.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
read -r bucket region < <(node -e 'const b = require(process.argv[1]); console.log(b.stateBucket, b.region)' "$root/apps/bootstrap/bootstrap.json")
fail() { echo "::error::state bucket $bucket: $1: apply the bootstrap app first (apps/bootstrap/README.md)" >&2; exit 1; }
s3() { aws s3api "$@" --bucket "$bucket" --region "$region"; }

s3 head-bucket >/dev/null || fail "missing or not accessible"
[ "$(s3 get-bucket-versioning --query Status --output text)" = Enabled ] || fail "versioning is not enabled"
[ "$(s3 get-bucket-encryption --query 'ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm' --output text)" = aws:kms ] || fail "not KMS-encrypted"
[ "$(s3 get-public-access-block --query 'length(values(PublicAccessBlockConfiguration)[?@ == `true`])' --output text)" = 4 ] || fail "public access is not fully blocked"
echo "state bucket $bucket ($region): versioned, SSE-KMS, all public access blocked"
