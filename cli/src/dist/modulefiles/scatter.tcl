#%Module1.0
## scatter @project.version@: an environment module for a site install, e.g. /opt/scatter/@project.version@.
## Copy or link this file as <modulepath>/scatter/@project.version@; it finds the install from its own path
## when it stays inside the unpacked archive (share/modulefiles/scatter/@project.version@), else set root.
proc ModulesHelp { } {
    puts stderr "scatter @project.version@: run one command over many inputs as SLURM or PBS job arrays, or here."
    puts stderr "Needs Java 17 or newer on PATH (or JAVA_HOME). Start with: scatter run --help"
}
module-whatis "scatter @project.version@: one command, many inputs, as SLURM/PBS job arrays"
set root [file dirname [file dirname [file dirname [file dirname [file normalize $ModulesCurrentModulefile]]]]]
prepend-path PATH $root/bin
prepend-path MANPATH $root/share/man
# an empty element keeps man's default search path when MANPATH was unset (a trailing ':')
append-path MANPATH {}
