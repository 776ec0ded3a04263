"""Static files with their content's hash in the name, which WhiteNoise caches for a year."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage: `collectstatic` writes css/imr.1a2b3c4d.css and its
    manifest, and pages link the hashed names.

    Where nothing was collected (the tests, the benchmark's servers, `make run`), names
    stay plain and the files come from static/ as before; once a manifest exists, a
    name missing from it is an error, as in Django's own storage.
    """

    def stored_name(self, name):
        if not self.hashed_files:
            return name
        return super().stored_name(name)
