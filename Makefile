# Replicate.Generated — one entry point for people and CI.
#   make                 the main job: install tools, pull the spec (with fallback), normalize, generate, build, test
#   make test            build and run every test project, then check the pacts against the spec; ends with one line
#                        "N passed, N failed, N skipped"
#   make contract        the consumer contracts (Pact), then every pact interaction checked against the spec
#   make publish-pacts   push contract-tests/pacts to a Pact Broker (needs PACT_BROKER_BASE_URL and a token)
#   make pull            pull the spec from SPEC_SOURCE into the git-ignored cache (falls back when it fails)
#   make accept-spec     pull (no fallback) and rewrite the committed baseline and lock from it
#   make normalize       write the normalized document to artifacts/openapi/ for inspection
#   make bench           run the BenchmarkDotNet suites (Release) and write markdown reports to artifacts/bench
#   make clean           remove build output and generated code
# SPEC_SOURCE selects the source: an https URL (default: Replicate's live document) or a file path.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := all
MAKEFLAGS += --no-print-directory

SPEC_SOURCE ?= https://api.replicate.com/openapi.json
CONFIGURATION ?= Debug
SOLUTION := Replicate.Generated.sln
TOOLS := scripts/replicate-tools
NPM_STAMP := node_modules/.install-stamp
# The Pact engine reports usage to a remote endpoint unless told not to; tests stay on loopback.
export PACT_DO_NOT_TRACK := true

.PHONY: all deps restore pull build test contract publish-pacts accept-spec normalize bench clean help

all: test

help:
	@sed -n '2,13p' Makefile

# npm-distributed tools (NSwag), installed exactly as locked.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

restore:
	@mkdir -p artifacts/packages
	dotnet restore $(SOLUTION) --nologo -v quiet

deps: $(NPM_STAMP) restore

pull: deps
	$(TOOLS) spec pull --source "$(SPEC_SOURCE)" --fallback

build: pull
	dotnet build $(SOLUTION) -c $(CONFIGURATION) --no-restore --nologo -clp:NoSummary

# scripts/run-tests-and-contracts runs scripts/run-tests, then scripts/pact-spec-check on the pacts the contracts wrote.
test: build
	scripts/run-tests-and-contracts $(CONFIGURATION)

# The consumer contracts on the real Pact engine (writes contract-tests/pacts), then pact vs spec; prints
# "contracts: N/M operations".
CONTRACT_TESTS := contract-tests/Replicate.Contracts.Tests/Replicate.Contracts.Tests.csproj
contract: pull
	dotnet build $(CONTRACT_TESTS) -c $(CONFIGURATION) --no-restore --nologo -clp:NoSummary -v quiet
	dotnet test $(CONTRACT_TESTS) -c $(CONFIGURATION) --no-build --nologo --logger "console;verbosity=minimal"
	scripts/pact-spec-check $(CONFIGURATION)

publish-pacts: $(NPM_STAMP)
	scripts/publish-pacts

accept-spec: deps
	$(TOOLS) spec pull --source "$(SPEC_SOURCE)"
	$(TOOLS) spec accept
	@echo "Review 'git diff openapi/' and commit the baseline and lock together."

normalize: pull
	@mkdir -p artifacts/openapi
	$(TOOLS) spec normalize --in "$$($(TOOLS) spec input)" --out artifacts/openapi/replicate.normalized.json

BENCH_FILTER ?= *
bench: pull
	dotnet run -c Release --project benchmarks/Replicate.Benchmarks -- --filter '$(BENCH_FILTER)' \
	    --exporters markdown --artifacts artifacts/bench
	@echo "Reports: artifacts/bench/results/*.md"

clean:
	dotnet clean $(SOLUTION) --nologo -v quiet
	rm -rf src/*/obj/generated artifacts/test-results artifacts/openapi
