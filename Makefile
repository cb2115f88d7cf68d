# The Better Store: every target runs with Node 24 first on PATH (installed into .tools/ when the
# system Node is older) and with node_modules in step with package-lock.json.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

NODE_DIR := $(shell bash scripts/ensure-node.sh)
ifeq ($(NODE_DIR),)
$(error Could not find or install Node.js 24: see the messages above)
endif
export PATH := $(NODE_DIR):$(CURDIR)/node_modules/.bin:$(PATH)
export NODE_OPTIONS ?= --enable-source-maps
DEPS := node_modules/.package-lock.json
TSX := tsx

.PHONY: help install dev demo test build lint format bench contracts contracts-check \
        depcruise check-templates deploy deploy-localstack clean test-reliability

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(DEPS): package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(DEPS) ## Install dependencies (npm ci) when node_modules is missing or older than the lockfile

lint: $(DEPS) ## Biome (lint + format check) and the TypeScript type check
	biome check .
	tsc -p tsconfig.json

format: $(DEPS) ## Apply Biome's formatting and safe fixes
	biome check --write .

contracts: $(DEPS) ## Regenerate types and compiled validators from tbs-contracts specs and schemas
	npm run --silent generate -w @tbs/contracts

contracts-check: $(DEPS) ## Fail when committed generated types or validators differ from the specs
	npm run --silent generate:check -w @tbs/contracts

depcruise: $(DEPS) ## Enforce the layering rules of the conventions
	depcruise --config .dependency-cruiser.cjs --output-type err-long tbs-*/src tbs-*/tests

check-templates: $(DEPS) ## Run the CloudFormation hooks' rules and the stack standards on every template.yaml
	$(TSX) tbs-devops-cfnhooks/scripts/check-templates.ts

build: $(DEPS) ## Bundle every function with esbuild from its template Metadata into .build/ and print bundle sizes
	$(TSX) scripts/build.ts
	$(TSX) scripts/smoke-bundles.ts

dev: $(DEPS) ## Build what changed and start the whole shop locally (gateway on :3000), seeded; Ctrl-C stops everything
	tbs-local up

demo: $(DEPS) ## Run the purchase scenario against the local shop (starts one if none runs)
	$(TSX) scripts/demo.ts

bench: build ## Measure bundles, cold starts, warm overhead, search and the purchase pipeline; writes docs/benchmarks.md
	$(TSX) scripts/bench/main.ts

test: lint contracts-check depcruise check-templates ## Everything CI runs
	$(TSX) scripts/run-tests.ts

test-reliability: $(DEPS) ## The full reliability suite on the whole local cloud (about 10 min); summary in .build/reliability-summary.md
	vitest run --config tbs-acceptance/tests/reliability/full/vitest.config.ts

clean: ## Remove build output and local-cloud data
	rm -rf .build .tbs-local

deploy: ## Deploy one stack to AWS: make deploy SERVICE=tbs-app-product ENV=dev
	@test -n "$(SERVICE)" || { echo "deploy: set SERVICE=<folder>, e.g. SERVICE=tbs-app-product" >&2; exit 2; }
	@test -f "$(SERVICE)/template.yaml" || { echo "deploy: $(SERVICE)/template.yaml not found" >&2; exit 2; }
	cd $(SERVICE) && sam build --build-in-source && sam deploy --config-env $(or $(ENV),dev)

deploy-localstack: ## Deploy one stack to a running LocalStack with samlocal: make deploy-localstack SERVICE=tbs-app-product
	@test -n "$(SERVICE)" || { echo "deploy-localstack: set SERVICE=<folder>" >&2; exit 2; }
	@test -f "$(SERVICE)/template.yaml" || { echo "deploy-localstack: $(SERVICE)/template.yaml not found" >&2; exit 2; }
	cd $(SERVICE) && samlocal build --build-in-source && samlocal deploy --config-env local --resolve-s3
