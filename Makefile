# Replicate.Generated — one entry point for people and CI.
#   make                 the main job: install tools, pull the spec (with fallback), build the committed baseline, test, spec drift
#   make test            install redis-server when missing, build and run every test project, then check the pacts; ends with
#                        one line "N passed, N failed, N skipped"
#   make contract        the consumer contracts (Pact) of both flavours, then every pact interaction checked against the spec
#   make publish-pacts   push contract-tests/pacts to a Pact Broker (needs PACT_BROKER_BASE_URL and a token)
#   make pull            pull the spec from SPEC_SOURCE into the git-ignored cache (falls back when it fails)
#   make accept-spec     pull (no fallback) and rewrite the committed baseline and lock from it
#   make normalize       write the normalized pull (else the baseline) to artifacts/openapi/ for inspection
#   make drift           diff a fresh pull against the committed baseline; breaking drift fails (report in artifacts/drift)
#   make model-drift     compare each pinned model (models/models.lock.json) with its latest version; breaking fails
#                        (needs REPLICATE_API_TOKEN; REPLICATE_BASE_URL selects the API root)
#   make api-check       compare the built public API with api/*.txt (report in artifacts/api)
#   make accept-api      build, then rewrite api/*.txt from the built assemblies
#   make nightly-drift   the nightly CI job: pull live, diff, then an issue (breaking) or a pull request (non-breaking)
#   make ci-summary      append the markdown reports to $GITHUB_STEP_SUMMARY (or print them)
#   make pack            pack the packages (eng/Packages.slnf) with symbols into the local feed artifacts/packages
#   make smoke           pack what the build made and build the consumer smoke test against the packages (make test runs it)
#   make version         print the version this build stamps and the next release version the spec diff implies
#   make release         cut a release: version from the spec diff (BUMP=minor|major raises it), CHANGELOG section, version.json,
#                        and its packages kept in eng/released/ (the baseline package validation checks every pack against)
#   make snippets        rewrite the README code blocks from the regions of the compiled samples
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

.PHONY: all deps restore pull build test test-prereqs contract publish-pacts accept-spec normalize bench clean help drift model-drift api-check accept-api nightly-drift ci-summary \
        pack smoke version release keep-released-packages snippets FORCE

# Spec drift is part of the main job: a breaking upstream change breaks the build.
all: test drift

help:
	@sed -n '2,25p' Makefile

# npm-distributed tools (the Pact engine and CLI, the pact-vs-spec validator), installed exactly as locked.
$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# A no-op restore of the solution still costs ~3.5 s, a third of a no-change `make build`: restore runs only when a
# project, props, targets or NuGet setting changed, or a project of the solution has no assets file yet.
SOLUTION_PROJECTS := $(shell grep -o '"[^"]*\.csproj"' $(SOLUTION) | tr -d '"' | tr '\\' /)
RESTORE_INPUTS := $(SOLUTION) $(SOLUTION_PROJECTS) nuget.config global.json $(wildcard Directory.*.props eng/*.targets eng/*.props)
ASSETS_FILES := $(foreach p,$(SOLUTION_PROJECTS),$(dir $(p))obj/project.assets.json)
RESTORE_STAMP := artifacts/.restore-stamp
restore: $(RESTORE_STAMP)
$(RESTORE_STAMP): $(RESTORE_INPUTS) $(if $(filter-out $(wildcard $(ASSETS_FILES)),$(ASSETS_FILES)),FORCE)
	@mkdir -p artifacts/packages
	dotnet restore $(SOLUTION) --nologo -v quiet
	@touch $@

FORCE:

deps: $(NPM_STAMP) restore

# PULL_FALLBACK= (empty) makes a failed pull fail instead of falling back (the nightly job wants the live document).
PULL_FALLBACK ?= --fallback
pull: deps
	$(TOOLS) spec pull --source "$(SPEC_SOURCE)" $(PULL_FALLBACK)

# A no-op `dotnet build` of the solution still costs ~2.4 s of MSBuild evaluation: it is skipped when no input of the
# build (sources, settings, the spec cache; not the pull's timestamp file) is newer than the last successful build of
# this configuration and its output exists. The stamp is taken when the build starts, so an edit made during a build
# is seen by the next one.
BUILD_STAMP = artifacts/.build-stamp-$(CONFIGURATION)
BUILD_WATCH := src tests samples benchmarks contract-tests openapi models eng .config $(SOLUTION) version.json nuget.config global.json .editorconfig $(wildcard Directory.*.props)
build: pull
	@if [ -f $(BUILD_STAMP) ] && [ -f src/Replicate.Client/bin/$(CONFIGURATION)/net10.0/Replicate.Client.dll ] && \
	   [ -z "$$(find $(BUILD_WATCH) \( -name bin -o -name obj -o -name node_modules \) -prune -o -type f ! -name '*.pull.json' -newer $(BUILD_STAMP) -print -quit)" ]; then \
	  echo "build: up to date ($(CONFIGURATION); nothing changed since $(BUILD_STAMP))"; \
	else \
	  mkdir -p artifacts && touch $(BUILD_STAMP).next && \
	  dotnet build $(SOLUTION) -c $(CONFIGURATION) --no-restore --nologo -clp:NoSummary && mv $(BUILD_STAMP).next $(BUILD_STAMP); \
	fi
	@$(TOOLS) spec input

# scripts/run-tests-and-contracts runs scripts/run-tests, then scripts/pact-spec-check on the pacts the contracts wrote.
# The consumer smoke test (tests/Replicate.Consumer.Tests) runs with the others, built against the packages by `smoke`.
test: test-prereqs build smoke
	scripts/run-tests-and-contracts $(CONFIGURATION)

# What the tests need from the machine beyond .NET and npm: redis-server (Debian's package), which the shared rate-limit
# tests start on 127.0.0.1 themselves. Installed when missing (CI runs as root); elsewhere, install it once by hand.
test-prereqs:
	@command -v redis-server >/dev/null 2>&1 || { \
	  echo "test-prereqs: installing redis-server (the shared rate-limit tests start one on 127.0.0.1)"; \
	  apt-get install -y -qq redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server; }; \
	}

# The consumer contracts on the real Pact engine (writes contract-tests/pacts), then pact vs spec; prints
# "contracts: N/M operations".
CONTRACT_TESTS := contract-tests/Replicate.Contracts.Tests/Replicate.Contracts.Tests.csproj
contract: pull
	dotnet build $(CONTRACT_TESTS) -c $(CONFIGURATION) --no-restore --nologo -clp:NoSummary -v quiet
	dotnet test $(CONTRACT_TESTS) -c $(CONFIGURATION) --no-build --nologo --logger "console;verbosity=minimal"
	scripts/pact-spec-check $(CONFIGURATION)

publish-pacts: $(NPM_STAMP)
	scripts/publish-pacts

PACKAGE_FEED := artifacts/packages
PACK_CONFIGURATION ?= Release
# Old packages go first, so the feed holds exactly what this checkout builds.
define pack_packages
	@mkdir -p $(PACKAGE_FEED)
	rm -f $(PACKAGE_FEED)/Replicate.*.nupkg $(PACKAGE_FEED)/Replicate.*.snupkg
	dotnet pack eng/Packages.slnf -c $(1) --nologo -clp:NoSummary $(2)
endef

# A release pack compiles the committed baseline and takes doc comments only from the very document the lock names,
# so one commit packs one way (docs/drift-rules.md, "What the build compiles").
pack: pull
	$(call pack_packages,$(PACK_CONFIGURATION),-p:ReplicateProseRule=locked)
	@$(TOOLS) spec input --prose-rule locked

SMOKE_PROJECT := tests/Replicate.Consumer.Tests/Replicate.Consumer.Tests.csproj
AOT_PROJECT := tests/Replicate.AotSmoke/Replicate.AotSmoke.csproj
AOT_OUT := artifacts/smoke/aot
# Packs the assemblies `build` just made (no second build), then restores the consumer from the local feed by version,
# into a packages folder of its own: NuGet's global folder would otherwise keep serving an older pack of that version.
# Then publishes the native-AOT app against the same packages (the consumer tests run it on loopback).
smoke: build
	$(call pack_packages,$(CONFIGURATION),--no-build)
	@rm -rf artifacts/smoke/packages/replicate.* $(AOT_OUT)
	version="$$(dotnet msbuild src/Replicate.Client/Replicate.Client.csproj -getProperty:Version)"; \
	dotnet restore $(SMOKE_PROJECT) --nologo -v quiet -p:ReplicatePackageVersion="$$version" && \
	dotnet build $(SMOKE_PROJECT) -c $(CONFIGURATION) --no-restore --nologo -clp:NoSummary -p:ReplicatePackageVersion="$$version" && \
	dotnet publish $(AOT_PROJECT) -c Release --nologo -clp:NoSummary -v quiet -p:ReplicatePackageVersion="$$version" -o $(AOT_OUT)

version:
	@echo "this build:   $$(dotnet msbuild src/Replicate.Client/Replicate.Client.csproj -getProperty:PackageVersion)"
	@$(TOOLS) release next $(if $(BUMP),--at-least $(BUMP)) 2>&1 >/dev/null | sed 's/^release next: /next release: /'

# BUMP=minor or BUMP=major raises the bump the spec diff implies (for hand-written changes); it never lowers it.
release:
	$(TOOLS) release cut $(if $(BUMP),--at-least $(BUMP))
	$(MAKE) keep-released-packages

# The packages of the release just cut, kept in eng/released/ as the baseline of package validation (every later pack
# is checked against them). Packed without the pull's prose, so nothing of Replicate's document is committed.
RELEASED_PACKAGES := eng/released
keep-released-packages: pull
	rm -rf artifacts/released-pack
	dotnet pack eng/Packages.slnf -c $(PACK_CONFIGURATION) --nologo -clp:NoSummary -p:ReplicateProseRule=none -p:IncludeSymbols=false \
	    -p:EnablePackageValidation=false -p:PackageOutputPath=$(CURDIR)/artifacts/released-pack/
	mkdir -p $(RELEASED_PACKAGES) && rm -f $(RELEASED_PACKAGES)/*.nupkg
	cp artifacts/released-pack/Replicate.*.nupkg $(RELEASED_PACKAGES)/
	@echo "Kept $$(ls $(RELEASED_PACKAGES)/*.nupkg | tr '\n' ' ')as the package-validation baseline; commit them with the release."

snippets:
	$(TOOLS) docs sync

accept-spec: deps
	$(TOOLS) spec pull --source "$(SPEC_SOURCE)"
	$(TOOLS) spec accept
	@echo "Review 'git diff openapi/' and commit the baseline and lock together."

normalize: pull
	@mkdir -p artifacts/openapi
	input=openapi/.cache/replicate.openapi.json; [ -f "$$input" ] || input=openapi/replicate.baseline.json; \
	$(TOOLS) spec normalize --in "$$input" --out artifacts/openapi/replicate.normalized.json

BENCH_FILTER ?= *
# BENCH_JOB=short|medium|… adds that job to every suite; empty (the default) leaves each suite its own job (BenchmarkDotNet's
# default, or the suite's [Config], as the webhook suite's many-short-iterations job) instead of running it twice.
BENCH_JOB ?=
# In-process: BenchmarkDotNet measures the Release build made here instead of rebuilding the whole graph itself.
bench: pull
	dotnet build benchmarks/Replicate.Benchmarks -c Release --nologo -clp:NoSummary
	dotnet benchmarks/Replicate.Benchmarks/bin/Release/net10.0/Replicate.Benchmarks.dll --inProcess $(if $(BENCH_JOB),--job $(BENCH_JOB)) \
	    --filter '$(BENCH_FILTER)' --exporters markdown --artifacts artifacts/bench
	@echo "Reports: artifacts/bench/results/*.md"

DRIFT_REPORT := artifacts/drift/spec-drift.md
MODEL_DRIFT_REPORT := artifacts/drift/model-drift.md
API_REPORT := artifacts/api/api-check.md

drift: pull
	$(TOOLS) spec drift --markdown-out $(DRIFT_REPORT)

model-drift: deps
	$(TOOLS) model drift --markdown-out $(MODEL_DRIFT_REPORT)

api-check: build
	$(TOOLS) api check --configuration $(CONFIGURATION) --markdown-out $(API_REPORT)

# Builds first, so the listings always describe the current sources (also right after a merge).
accept-api: build
	$(TOOLS) api accept --configuration $(CONFIGURATION)

nightly-drift: deps
	scripts/nightly-drift

ci-summary:
	@out="$${GITHUB_STEP_SUMMARY:-/dev/stdout}"; \
	for report in $(DRIFT_REPORT) $(MODEL_DRIFT_REPORT) $(API_REPORT); do \
	  if [ -f "$$report" ]; then cat "$$report" >> "$$out"; echo >> "$$out"; fi; \
	done

clean:
	dotnet clean $(SOLUTION) --nologo -v quiet
	rm -f artifacts/.build-stamp-*
	rm -rf src/*/obj/generated src/*/obj/kiota artifacts/test-results artifacts/openapi artifacts/drift artifacts/api artifacts/smoke
	rm -f $(PACKAGE_FEED)/Replicate.*.nupkg $(PACKAGE_FEED)/Replicate.*.snupkg
