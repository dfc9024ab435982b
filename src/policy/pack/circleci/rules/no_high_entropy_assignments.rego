# No secret-looking literals: a variable assigned a long random-looking literal, in a command or an
# environment map, is usually a credential in a format no pattern knows.

package policygate.circleci.rules.no_high_entropy_assignments

import rego.v1

import data.policygate.circleci.lib

__policy_metadata__ := {
	"name": "No high-entropy literals assigned to variables",
	"category": "secrets",
	"severity": "high",
	"description": "No environment value and no NAME=value assignment in a command is a token-like literal with high Shannon entropy: at least 20 characters and 4 bits per character, or 8 characters and 3 bits for names such as *_TOKEN, *_SECRET, *_KEY, *PASSWORD.",
	"remediation": "If it is a secret: revoke it, store it in a context or project environment variable and use $NAME. If it is not, silence the rule for this config with a pack setting.",
}

# NAME=value and export NAME=value in commands; values in environment maps.
assignments contains [where, name, value] if {
	some s in lib.run_steps
	contains(s.command, "=")
	some m in regex.find_all_string_submatch_n(`(?:^|[\s;&|(])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=("[^"\n]*"|'[^'\n]*'|[^\s;&|)'"]+)`, s.command, -1)
	where := sprintf("Job '%s' step %s", [s.job, s.step])
	name := m[1]
	value := trim(m[2], `"'`)
}

assignments contains [where, name, value] if {
	some job_name, job in lib.jobs
	some name, value in object.get(job, "environment", {})
	is_string(value)
	where := sprintf("Job '%s' environment", [job_name])
}

assignments contains [where, name, value] if {
	some s in lib.run_steps
	some name, value in object.get(s.run, "environment", {})
	is_string(value)
	where := sprintf("Job '%s' step %s environment", [s.job, s.step])
}

violations contains msg if {
	some [where, name, value] in assignments
	random_looking(name, value)
	bits := round(entropy(value) * 10) / 10
	msg := sprintf("%s assigns %s a literal that looks like a secret (%d characters, %v bits of entropy per character). Store it in a context or project environment variable and use $%s.", [where, name, count(value), bits, name])
}

secretish(name) if regex.match(`(?i)(token|secret|passw(or)?d|api_?key|private_?key|access_?key|credential|auth)`, name)

# A token-like literal (letters and digits, base64/url-safe symbols, no spaces or references) with
# a high Shannon entropy: 3 bits per character for secret-named variables, 4 for any other.
random_looking(name, value) if {
	secretish(name)
	token_like(value, 8)
	entropy(value) >= 3
}

random_looking(name, value) if {
	not secretish(name)
	token_like(value, 20)
	regex.match(`[a-z]`, value) # random tokens mix cases; names, paths and hex digests do not
	regex.match(`[A-Z]`, value)
	entropy(value) >= 4
}

token_like(value, min) if {
	count(value) >= min
	regex.match(`^[A-Za-z0-9+_][A-Za-z0-9+/_-]*={0,2}$`, value)
	not contains(value, "//")
	regex.match(`[0-9]`, value)
	regex.match(`[A-Za-z]`, value)
	not regex.match(`^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$`, value)
}

# Shannon entropy in bits per character, over the first 128 characters:
# log2(n) - (1/n) * sum(c * log2(c)) for the count c of each distinct character.
entropy(value) := h if {
	s := substring(value, 0, 128)
	chars := split(s, "")
	n := count(chars)
	distinct := {y | some y in chars}
	counts := [c | some x in distinct; c := count([1 | some z in chars; z == x])]
	terms := [t | some c in counts; t := c * log2[c]]
	h := log2[n] - (sum(terms) / n)
}

# log2(k) for k = 0..128 (0 for 0): Rego has no logarithm.
log2 := [0, 0, 1, 1.584963, 2, 2.321928, 2.584963, 2.807355, 3, 3.169925, 3.321928, 3.459432, 3.584963, 3.70044, 3.807355, 3.906891, 4, 4.087463, 4.169925, 4.247928, 4.321928, 4.392317, 4.459432, 4.523562, 4.584963, 4.643856, 4.70044, 4.754888, 4.807355, 4.857981, 4.906891, 4.954196, 5, 5.044394, 5.087463, 5.129283, 5.169925, 5.209453, 5.247928, 5.285402, 5.321928, 5.357552, 5.392317, 5.426265, 5.459432, 5.491853, 5.523562, 5.554589, 5.584963, 5.61471, 5.643856, 5.672425, 5.70044, 5.72792, 5.754888, 5.78136, 5.807355, 5.83289, 5.857981, 5.882643, 5.906891, 5.930737, 5.954196, 5.97728, 6, 6.022368, 6.044394, 6.066089, 6.087463, 6.108524, 6.129283, 6.149747, 6.169925, 6.189825, 6.209453, 6.228819, 6.247928, 6.266787, 6.285402, 6.303781, 6.321928, 6.33985, 6.357552, 6.375039, 6.392317, 6.409391, 6.426265, 6.442943, 6.459432, 6.475733, 6.491853, 6.507795, 6.523562, 6.539159, 6.554589, 6.569856, 6.584963, 6.599913, 6.61471, 6.629357, 6.643856, 6.658211, 6.672425, 6.686501, 6.70044, 6.714246, 6.72792, 6.741467, 6.754888, 6.768184, 6.78136, 6.794416, 6.807355, 6.820179, 6.83289, 6.84549, 6.857981, 6.870365, 6.882643, 6.894818, 6.906891, 6.918863, 6.930737, 6.942515, 6.954196, 6.965784, 6.97728, 6.988685, 7]

hard_fail contains {"rule": "no_high_entropy_assignments", "reason": reason} if {
	lib.level("no_high_entropy_assignments") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "no_high_entropy_assignments", "reason": reason} if {
	lib.level("no_high_entropy_assignments") == "soft"
	some reason in violations
}
