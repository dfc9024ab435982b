# Shared reading of the config for the pack's rules. Jobs, images and steps come from the compiled
# config (`input._compiled_`): executors expanded, commands and orb steps inlined, orb jobs added.
# Workflows' filters and contexts, and orb versions, come from the config as written, which is
# where CircleCI keeps them. Without `_compiled_` (decide --no-compile) the config as written is
# read for everything: the rules still work, seeing less.

package policygate.circleci.lib

import rego.v1

import data.policygate.circleci.settings.settings

config := object.get(input, "_compiled_", input)

jobs := object.get(config, "jobs", {})

# The level a rule reports at, "hard" or "soft"; undefined when the rule is switched off.
level(rule) := l if {
	r := object.get(settings.rules, rule, {})
	object.get(r, "enabled", true) == true
	l := object.get(r, "level", "hard")
}

# ---- images ----

# [job, image] for every docker image of every job.
images contains [name, image] if {
	some name, job in jobs
	some d in object.get(job, "docker", [])
	image := d.image
	is_string(image)
}

# An image reference split into registry host, repository path, tag and digest.
image_parts(image) := {"registry": registry, "path": path, "tag": tag, "digest": digest} if {
	[ref, digest] := digest_split(image)
	[name, tag] := tag_split(ref)
	[registry, path] := registry_split(name)
}

digest_split(image) := [image, ""] if not contains(image, "@")

digest_split(image) := [substring(image, 0, i), substring(image, i + 1, -1)] if {
	i := indexof(image, "@")
	i >= 0
}

# The tag follows the last ":" after the last "/" (a registry host may have a port).
tag_split(ref) := [ref, ""] if not contains(last_segment(ref), ":")

tag_split(ref) := [substring(ref, 0, count(ref) - count(tag) - 1), tag] if {
	seg := last_segment(ref)
	contains(seg, ":")
	parts := split(seg, ":")
	tag := parts[count(parts) - 1]
}

last_segment(ref) := parts[count(parts) - 1] if parts := split(ref, "/")

# Docker's rule: the first component is a registry host when it has a "." or ":" or is localhost.
registry_split(name) := [first, substring(name, count(first) + 1, -1)] if {
	first := split(name, "/")[0]
	contains(name, "/")
	is_host(first)
}

registry_split(name) := ["docker.io", name] if not host_prefixed(name)

host_prefixed(name) if {
	contains(name, "/")
	is_host(split(name, "/")[0])
}

is_host(s) if contains(s, ".")

is_host(s) if contains(s, ":")

is_host(s) if s == "localhost"

# ---- steps ----

# Every run step of every job: {job, step (its name quoted, or #N), command, run (the step's map)}.
run_steps contains {"job": name, "step": label, "command": command, "run": run} if {
	some name, job in jobs
	some i, step in object.get(job, "steps", [])
	is_object(step)
	run := as_run(step.run)
	command := run.command
	is_string(command)
	label := step_label(run, i)
}

# `run: cmd` (as written) and `run: {command: cmd}` (always, once compiled) read alike.
as_run(run) := {"command": run} if is_string(run)

as_run(run) := run if is_object(run)

step_label(run, _) := sprintf("'%s'", [run.name]) if is_string(run.name)

step_label(run, i) := sprintf("#%d", [i + 1]) if not is_string(run.name)

# The first line of a text, cut to 60 characters, for messages.
short(text) := s if {
	line := trim_space(split(trim_space(text), "\n")[0])
	s := cut(line, 60)
}

cut(s, n) := s if count(s) <= n

cut(s, n) := concat("", [substring(s, 0, n), "…"]) if count(s) > n

# A command with its line continuations joined, so that a pipe on the next line is seen.
joined(command) := replace(replace(command, "\\\r\n", " "), "\\\n", " ")

# Lines of a command, continuations joined, without comment lines.
lines(command) := [line |
	some line in split(joined(command), "\n")
	not startswith(trim_left(line, " \t"), "#")
]

# Every line of every run step, computed once for the line-based rules.
run_lines contains {"job": s.job, "step": s.step, "line": line} if {
	some s in run_steps
	some line in lines(s.command)
}

# Run commands of the config as written too (jobs and reusable commands), for what compiling
# could have substituted away, such as << pipeline.git.branch >> given pipeline values.
source_commands contains {"where": sprintf("Job '%s'", [name]), "command": cmd} if {
	some name, job in object.get(input, "jobs", {})
	some step in object.get(job, "steps", [])
	is_object(step)
	cmd := as_run(step.run).command
	is_string(cmd)
}

source_commands contains {"where": sprintf("Command '%s'", [name]), "command": cmd} if {
	some name, c in object.get(input, "commands", {})
	some step in object.get(c, "steps", [])
	is_object(step)
	cmd := as_run(step.run).command
	is_string(cmd)
}

# Every literal string a secret could hide in: commands, environment values, docker auth.
texts contains {"where": sprintf("Job '%s' step %s", [s.job, s.step]), "text": s.command} if some s in run_steps

texts contains {"where": sprintf("Job '%s' environment %s", [name, k]), "text": v} if {
	some name, job in jobs
	some k, v in object.get(job, "environment", {})
	is_string(v)
}

texts contains {"where": sprintf("Job '%s' step %s environment %s", [s.job, s.step, k]), "text": v} if {
	some s in run_steps
	some k, v in object.get(s.run, "environment", {})
	is_string(v)
}

texts contains {"where": sprintf("Job '%s' image %s environment %s", [name, d.image, k]), "text": v} if {
	some name, job in jobs
	some d in object.get(job, "docker", [])
	some k, v in object.get(d, "environment", {})
	is_string(v)
}

# ---- workflows (as written) ----

# One entry per job of a workflow: {workflow, name (as required by others), ref (the job or orb
# job it runs), params}.
workflow_jobs contains {"workflow": w, "name": object.get(params, "name", ref), "ref": ref, "params": params} if {
	some w, wf in object.get(input, "workflows", {})
	is_object(wf)
	some entry in object.get(wf, "jobs", [])
	[ref, params] := entry_parts(entry)
}

entry_parts(e) := [e, {}] if is_string(e)

entry_parts(e) := [ref, params] if {
	is_object(e)
	count(e) == 1
	some ref, p in e
	params := object_or_empty(p)
}

object_or_empty(p) := p if is_object(p)

object_or_empty(p) := {} if not is_object(p)

# A string or a list of strings, as a list.
as_list(x) := x if is_array(x)

as_list(x) := [x] if is_string(x)

is_approval(entry) if entry.params.type == "approval"

is_deploy(entry) if {
	not is_approval(entry)
	some text in {entry.name, entry.ref}
	some p in settings.deploy_job_patterns
	regex.match(p, text)
}

# A job is a scan when its name says so or when it runs a scanner.
is_scan(entry) if {
	some text in {entry.name, entry.ref}
	some p in settings.scan_job_patterns
	regex.match(p, text)
}

is_scan(entry) if {
	some name in {entry.name, entry.ref}
	name in scanning_jobs
}

# Jobs that run a scanner, computed once.
scanning_jobs contains s.job if {
	some s in run_steps
	some p in settings.scan_command_patterns
	regex.match(p, s.command)
}

# The entry runs only on protected branches: `branches.only` lists nothing else.
branch_protected(entry) if {
	only := as_list(entry.params.filters.branches.only)
	count(only) > 0
	every b in only {
		b in settings.protected_branches
	}
}

# The entry runs only for tags: a tag filter, and every branch ignored.
tag_only(entry) if {
	entry.params.filters.tags.only
	some b in as_list(entry.params.filters.branches.ignore)
	b in {"/.*/", "/.+/"}
}

restricted_to_protected_refs(entry) if branch_protected(entry)

restricted_to_protected_refs(entry) if tag_only(entry)

branch_filter_text(entry) := sprintf("branches.only %v", [as_list(entry.params.filters.branches.only)]) if entry.params.filters.branches.only

branch_filter_text(entry) := "no branch filter" if not entry.params.filters.branches.only
