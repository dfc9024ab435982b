# Resource classes: large machines cost more per minute; GPU and the biggest classes need a
# decision, not a config edit.

package policygate.circleci.rules.resource_class_allowed

import rego.v1

import data.policygate.circleci.lib
import data.policygate.circleci.settings.settings

__policy_metadata__ := {
	"name": "Resource classes within limits",
	"category": "cost",
	"severity": "medium",
	"description": "Every job (executors and orb jobs included) uses an allowed resource class; a job without one uses medium. Self-hosted runner classes (namespace/name) are allowed when allow_runner_resource_classes is true.",
	"remediation": "Use an allowed resource class, or request an exception and add the class to allowed_resource_classes in the pack settings.",
}

violations contains msg if {
	some name, job in lib.jobs
	rc := object.get(job, "resource_class", "medium")
	is_string(rc)
	not contains(rc, "<<")
	not allowed(rc)
	msg := sprintf("Job '%s' uses resource class '%s', which is not allowed. Allowed: %s.", [name, rc, concat(", ", settings.allowed_resource_classes)])
}

allowed(rc) if rc in settings.allowed_resource_classes

allowed(rc) if {
	settings.allow_runner_resource_classes == true
	contains(rc, "/")
}

hard_fail contains {"rule": "resource_class_allowed", "reason": reason} if {
	lib.level("resource_class_allowed") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "resource_class_allowed", "reason": reason} if {
	lib.level("resource_class_allowed") == "soft"
	some reason in violations
}
