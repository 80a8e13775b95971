# The two commands of README.md: `make run` and `make test`. meson + ninja do the work.
MESON_RELEASE = --buildtype=release -Db_pie=true -Dhardened=true -Dtests=false
MESON_TEST    = --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

.PHONY: all run test deps deps-test build build-test web format clean bench fuzz

all: build

deps:
	@scripts/deps.sh run

deps-test:
	@scripts/deps.sh test

web:
	@scripts/web.sh

build: web
	@test -f build/build.ninja || meson setup build $(MESON_RELEASE) >/dev/null
	@ninja -C build

build-test: web
	@test -f build-test/build.ninja || meson setup build-test $(MESON_TEST) >/dev/null
	@ninja -C build-test

run: deps build
	@scripts/run.sh

# The release build is compiled too: its -O3 warnings (as errors) differ.
test: deps-test build build-test
	@tests/run.sh

bench: deps-test build
	@bench/run.sh

# Every libFuzzer target for FUZZ_SECONDS each (default 60); see docs/reliability.md.
fuzz: deps-test web
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-60} fuzz/run.sh

format:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'fuzz/*.c' 'bench/*.c')

clean:
	rm -rf build build-test build-fuzz
