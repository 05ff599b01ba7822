#!/bin/sh
# The Compose trainer step: trains the two default models into the model repository volume, each only when the
# repository lacks it, with the recipes ./run.sh uses (launcher/README.md, Models):
#   <models>/diamond-price-rf/1  the trainer's default recipe, the diamond-price regressor
#   <models>/penguins/1          train --data penguins --target species --task classification --name penguins
# Both with the trainer's default forest (seed 42), so every fresh volume gets the same models.
#
# A volume in the older one-model layout (<models>/<version>/, or a bundle in <models> itself) is served as it is
# and nothing is trained beside it: serving reads such a root as one model, so a penguins directory next to it
# would never be served. This says how to move it; it never moves or deletes a user's files itself.
set -eu

models="${FACET_MODELS:-/models}"
train="${FACET_TRAIN:-/app/entrypoint.sh}"

# any version of a model: <dir>/<version>/bundle.json
has_version() {
  for manifest in "$1"/*/bundle.json; do
    [ -f "$manifest" ] && return 0
  done
  return 1
}

if [ -f "$models/bundle.json" ] || has_version "$models"; then
  echo "trainer: $models is in the older one-model layout; serving it as it is and training nothing beside it."
  echo "trainer: to serve diamond-price-rf and penguins side by side, move its version directory into"
  echo "trainer: <models>/<name>/<version> and start again, e.g. for $models/1:"
  echo "  docker compose run --rm --entrypoint sh trainer -c 'mkdir -p $models/diamond-price-rf && mv $models/1 $models/diamond-price-rf/1'"
  exit 0
fi

if has_version "$models/diamond-price-rf"; then
  echo "trainer: $models/diamond-price-rf has a version; nothing to train"
else
  "$train" --out "$models/diamond-price-rf/1"
fi

if has_version "$models/penguins"; then
  echo "trainer: $models/penguins has a version; nothing to train"
else
  "$train" --models "$models" --data penguins --target species --task classification --name penguins
fi
