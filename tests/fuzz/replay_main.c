/* replay_main.c — run a libFuzzer target over saved inputs, without libFuzzer.
 *
 * DESIGN: linked with one tests/fuzz/fuzz_*.c by tests/fuzz/replay, so the
 * corpus (and every crash ever fixed, once saved there) is replayed as a
 * regression test by any C compiler, with or without sanitizers.  Each file
 * named in argv is read whole and passed to LLVMFuzzerTestOneInput(); a
 * crash or abort() in the target ends the process abnormally, which is what
 * the script counts.  Exit 2 if a file cannot be read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL, *np;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			np = realloc(p, cap);
			if (!np)
				goto fail;
			p = np;
		}
		got = fread(p + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	*len = n;
	return p;
fail:
	free(p);
	fclose(f);
	return NULL;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		size_t len = 0;
		unsigned char *p = read_file(argv[i], &len);
		if (!p) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			return 2;
		}
		LLVMFuzzerTestOneInput(p, len);
		free(p);
	}
	return 0;
}
