# Settings of the policygate CircleCI pack: allowlists, limits and, per rule, whether it is on and
# whether it blocks (hard) or warns (soft). Change them without editing the rules: define
# `overrides` in this package in a file of your own (or pass a settings file to
# `policygate decide --pack circleci --pack-settings FILE`); it is merged over `defaults` key by
# key, so `{"rules": {"no_sudo": {"level": "hard"}}}` changes one level and keeps the rest.

package policygate.circleci.settings

import rego.v1

default overrides := {}

settings := object.union(defaults, overrides)

defaults := {
	# image_pinned: "tag" (a tag other than a mutable one) or "digest" (@sha256:…).
	"image_pinning": "tag",
	"mutable_image_tags": ["latest"],
	# image_registry_allowed: images from these prefixes or registry hosts, and Docker Hub's
	# official images (no namespace: node:20, postgres:16) when allowed.
	"allowed_image_prefixes": ["cimg/", "circleci/"],
	"allowed_registries": [],
	"allow_docker_official_images": true,
	# orb_allowed: orbs by full name, or any orb of a namespace; inline orbs are your own code.
	"allowed_orbs": [],
	"allowed_orb_namespaces": ["circleci"],
	"allow_inline_orbs": true,
	# resource_class_allowed: CircleCI resource classes; self-hosted runners are `namespace/name`.
	"allowed_resource_classes": ["small", "medium", "medium+", "large", "arm.medium", "arm.large", "windows.medium", "macos.m1.medium.gen1"],
	"allow_runner_resource_classes": true,
	"max_parallelism": 16,
	# Deploy jobs and scans are recognised by name (workflow entry, orb job, `name:`), and scans also
	# by the commands they run. Patterns are RE2.
	"deploy_job_patterns": [`(?i)(^|[^a-z])(deploy|release|publish|promote)`, `(?i)(^|[^a-z])prod(uction)?([^a-z]|$)`],
	"scan_job_patterns": [`(?i)(snyk|trivy|grype|anchore|semgrep|codeql|gitleaks|checkov|bandit|sonar|security|vuln|audit|scan)`],
	"scan_command_patterns": [`(?i)\b(snyk|trivy|grype|semgrep|gitleaks|checkov|bandit|osv-scanner|safety check|npm audit|yarn audit|pip-audit|govulncheck|cargo audit|bundle audit)\b`],
	# Branches deploys and restricted contexts may run from; contexts matching these are restricted.
	"protected_branches": ["main", "master"],
	"restricted_context_patterns": [`(?i)(^|[^a-z])(prod|production|release|publish|deploy)([^a-z]|$)`],
	# no_untrusted_interpolation: pipeline values anyone who can push a branch or send a webhook controls.
	"untrusted_pipeline_values": [`^git\.(branch|tag)$`, `^trigger_parameters\.`, `^event\.`],
	# no_output_timeout_bounds: Go durations.
	"no_output_timeout": {"min": "30s", "max": "30m"},
	"mutable_machine_images": ["default", "current", "edge"],
	# no_hardcoded_secrets: more token formats, as [name, RE2 pattern] pairs.
	"extra_secret_patterns": [],
	"rules": {
		"image_pinned": {"enabled": true, "level": "hard"},
		"image_registry_allowed": {"enabled": true, "level": "soft"},
		"no_curl_pipe_shell": {"enabled": true, "level": "hard"},
		"no_sudo": {"enabled": true, "level": "soft"},
		"no_hardcoded_secrets": {"enabled": true, "level": "hard"},
		"no_high_entropy_assignments": {"enabled": true, "level": "soft"},
		"docker_auth_from_env": {"enabled": true, "level": "hard"},
		"orb_version_pinned": {"enabled": true, "level": "hard"},
		"orb_allowed": {"enabled": true, "level": "soft"},
		"orbs_resolved": {"enabled": true, "level": "soft"},
		"resource_class_allowed": {"enabled": true, "level": "hard"},
		"parallelism_limit": {"enabled": true, "level": "soft"},
		"security_scan_before_deploy": {"enabled": true, "level": "hard"},
		"deploy_branch_protected": {"enabled": true, "level": "hard"},
		"context_branch_restricted": {"enabled": true, "level": "hard"},
		"no_secret_echo": {"enabled": true, "level": "hard"},
		"no_untrusted_interpolation": {"enabled": true, "level": "hard"},
		"no_output_timeout_bounds": {"enabled": true, "level": "soft"},
		"no_insecure_transport": {"enabled": true, "level": "hard"},
		"no_dangerous_commands": {"enabled": true, "level": "hard"},
		"machine_image_pinned": {"enabled": true, "level": "soft"},
		"ssh_keys_scoped": {"enabled": true, "level": "soft"},
	},
}
