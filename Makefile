# gx: the two commands that matter are `make demo` and `make test`.
SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)
SHARED ?= $(abspath ../shared)
export GX_SHARED_DATA ?= $(SHARED)/data
SWIFT_FLAGS ?=

.PHONY: setup build release test demo bench clean

setup:
	bash scripts/setup.sh

build: setup
	swift build $(SWIFT_FLAGS)

release: setup
	swift build -c release --static-swift-stdlib $(SWIFT_FLAGS)

## Runs every test target (unit, CLI end-to-end, and conformance on ../shared/data).
test: setup
	swift build --build-tests $(SWIFT_FLAGS)
	swift test --skip-build $(SWIFT_FLAGS)

## Installs everything, builds, and runs the main job on the bundled fixtures.
demo: release
	bash scripts/demo.sh

## Side-by-side benchmarks against the peers (needs ../shared/bench data; see Benchmarks/README.md).
bench: release
	bash Benchmarks/run.sh

clean:
	rm -rf .build demo-out
