# Registry credentials from the environment: a literal password in a docker image's `auth` is a
# secret in the repository.

package policygate.circleci.rules.docker_auth_from_env

import rego.v1

import data.policygate.circleci.lib

__policy_metadata__ := {
	"name": "Docker registry passwords come from environment variables",
	"category": "secrets",
	"severity": "critical",
	"description": "The auth.password of every docker image (and aws_auth.aws_secret_access_key) is an environment variable reference such as $DOCKERHUB_PASSWORD, never a literal.",
	"remediation": "Store the password in a context or project environment variable and write auth: {username: $DOCKERHUB_USER, password: $DOCKERHUB_PASSWORD}.",
}

violations contains msg if {
	some name, job in lib.jobs
	some d in object.get(job, "docker", [])
	some [section, key] in [["auth", "password"], ["aws_auth", "aws_secret_access_key"]]
	value := d[section][key]
	is_string(value)
	not startswith(value, "$")
	not contains(value, "<<")
	msg := sprintf("Job '%s' image '%s' has a literal %s.%s; use an environment variable reference such as $DOCKERHUB_PASSWORD.", [name, d.image, section, key])
}

hard_fail contains {"rule": "docker_auth_from_env", "reason": reason} if {
	lib.level("docker_auth_from_env") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "docker_auth_from_env", "reason": reason} if {
	lib.level("docker_auth_from_env") == "soft"
	some reason in violations
}
