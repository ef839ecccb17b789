# SPDX-License-Identifier: Apache-2.0
# Packages the RTL trinity core (rtl/) as a Vitis RTL kernel (.xo).
#   vivado -mode batch -source package_xo.tcl -tclargs <out.xo> <rtl file list> <kernel.xml> <xdc> <part>
# <rtl file list> is rtl/trinity_core.f: the core's sources in compile order,
# one path per line relative to the repository root (the folder above rtl/),
# `//` comment lines.
# Called by mk/hls.mk (make xclbin KERNEL=rtl; `make xclbin-plan` prints the
# exact call). Steps follow UG1393 "Package the RTL Code as a Vivado IP" /
# UG1700 "Packaging the RTL Code as a Vitis XO" and the package_xo reference
# (UG1393 "package_xo Command"): package the sources as an IP, every port in
# a bus interface, every interface and the reset associated with the clock,
# then package_xo with kernel.xml, which carries the control protocol
# (ap_ctrl_none) and the stream args.
#
# The IP's top is the wrapper trinity_core_krnl.sv beside this script: it
# gives rtl/'s trinity_core (clk_i, rst_ni, s_axis_*_i/_o, m_axis_*_i/_o) the
# names Vivado infers as ap_clk, ap_rst_n and the AXI4-Stream interfaces
# s_axis and m_axis (no AXI4-Lite: the kernel is free-running).
if {[llength $argv] != 5} {
  puts stderr "usage: package_xo.tcl <out.xo> <rtl file list> <kernel.xml> <xdc> <part>"
  exit 1
}
lassign $argv xo_path rtl_list kernel_xml xdc part
set work [file dirname $xo_path]/rtl_kernel_pkg
file delete -force $work

create_project -force trinity_core_pkg $work/project -part $part
set repo [file dirname [file dirname [file normalize $rtl_list]]]
set sources {}
if {[catch {open $rtl_list r} fh]} {
  puts stderr "package_xo.tcl: cannot read the RTL file list $rtl_list: $fh"
  exit 1
}
foreach line [split [read $fh] "\n"] {
  set line [string trim $line]
  if {$line eq "" || [string match "//*" $line]} { continue }
  set path [file join $repo $line]
  if {![file exists $path]} {
    puts stderr "package_xo.tcl: $rtl_list names $line, which does not exist"
    exit 1
  }
  lappend sources $path
}
close $fh
if {[llength $sources] == 0} {
  puts stderr "package_xo.tcl: no RTL sources in $rtl_list"
  exit 1
}
lappend sources [file join [file dirname [info script]] trinity_core_krnl.sv]
add_files -norecurse $sources
# The XDC only defines ap_clk for the IP's out-of-context synthesis (UG1118
# "Managing Out-of-Context Constraints"). USED_IN keeps it out of the linked
# design, where the platform's kernel clock (scaled by --kernel_frequency)
# must be the only clock on ap_clk.
add_files -fileset constrs_1 -norecurse $xdc
set_property USED_IN {synthesis implementation out_of_context} [get_files $xdc]
set_property PROCESSING_ORDER EARLY [get_files $xdc]
set_property top trinity_core_krnl [current_fileset]
update_compile_order -fileset sources_1

ipx::package_project -root_dir $work/ip -vendor trinity.dev -library kernel -taxonomy /KernelIP \
  -import_files -set_current true
set core [ipx::current_core]

# Interface inference names the clock and reset interfaces after their ports
# (ap_clk, ap_rst_n) in current Vivado and CLK.AP_CLK / RST.AP_RST_N in older
# releases; accept either, and stop if the streams were not inferred.
proc trinity_busif {core names} {
  foreach n $names {
    set bif [ipx::get_bus_interfaces -quiet $n -of_objects $core]
    if {[llength $bif] == 1} { return [get_property NAME $bif] }
  }
  puts stderr "package_xo.tcl: no bus interface named [join $names { or }]; found:\
    [get_property NAME [ipx::get_bus_interfaces -of_objects $core]]"
  exit 1
}
set clk [trinity_busif $core {ap_clk CLK.AP_CLK}]
set rst [trinity_busif $core {ap_rst_n RST.AP_RST_N}]
foreach busif {s_axis m_axis} {
  trinity_busif $core $busif
  ipx::associate_bus_interfaces -busif $busif -clock $clk $core
}
ipx::associate_bus_interfaces -clock $clk -reset $rst $core
# The kernel clock's frequency is the platform's, set at link time; a fixed
# FREQ_HZ on the IP's interfaces can make the linker mis-connect the clock
# (Vitis tutorial XD100 "Creating Custom RTL Kernels"), hence also ignore_freq_hz.
foreach busif [list $clk s_axis m_axis] {
  set bif [ipx::get_bus_interfaces $busif -of_objects $core]
  if {[llength [ipx::get_bus_parameters -quiet FREQ_HZ -of_objects $bif]]} {
    ipx::remove_bus_parameter FREQ_HZ $bif
  }
}
# Vitis requires these on a kernel IP (UG1393 "Package the RTL Code as a
# Vivado IP"); the control protocol must agree with kernel.xml.
set_property sdx_kernel true $core
set_property sdx_kernel_type rtl $core
set_property vitis_drc {ctrl_protocol ap_ctrl_none} $core
set_property ipi_drc {ignore_freq_hz true} $core
ipx::create_xgui_files $core
ipx::update_checksums $core
ipx::check_integrity -kernel $core
ipx::save_core $core
close_project

package_xo -force -xo_path $xo_path -kernel_name trinity_core -ip_directory $work/ip -kernel_xml $kernel_xml
