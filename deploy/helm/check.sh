#!/usr/bin/env bash
# Checks the deployment files offline: `helm lint` and `helm template` of deploy/helm/carecoord, the
# rendered manifests validated against the Kubernetes API schemas of every supported version
# (kubernetes-validate, from the committed lock), and the Dockerfiles linted (hadolint, likewise).
# helm is built from its Go module into var/tools when it is not on the PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
HELM_VERSION=v3.19.0
KUBERNETES_VERSIONS=(1.31.0 1.32.0 1.33.0 1.34.0)
helm=$(command -v helm || echo "$PWD/var/tools/helm")
if [ ! -x "$helm" ]; then
  GOBIN="$PWD/var/tools" go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
fi
chart=deploy/helm/carecoord
mkdir -p var/helm
"$helm" lint --strict "$chart"
for version in "${KUBERNETES_VERSIONS[@]}"; do
  rendered=var/helm/carecoord-$version.yaml
  "$helm" template carecoord "$chart" --kube-version "$version" >"$rendered"
  python3 -m uv run --frozen kubernetes-validate --strict --quiet -k "$version" "$rendered"
  echo "Kubernetes $version: $(grep -c '^kind:' "$rendered") manifests valid ($rendered)"
done
python3 -m uv run --frozen hadolint --config deploy/hadolint.yaml deploy/images/service.Dockerfile deploy/images/*/Dockerfile
echo "hadolint: no findings"
