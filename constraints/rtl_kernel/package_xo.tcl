# Packages the RTL trinity core (rtl/) as a Vitis RTL kernel (.xo).
#   vivado -mode batch -source package_xo.tcl -tclargs <out.xo> <rtl dir> <kernel.xml> <xdc> <part>
# Called by mk/hls.mk (make xclbin KERNEL=rtl). Steps follow UG1393/UG1700
# "Packaging the RTL Code as a Vitis XO": package the sources as an IP with
# the kernel's bus interfaces bound to ap_clk, then package_xo with the
# kernel.xml that carries the control protocol and register map.
#
# The IP's top is the wrapper trinity_core_krnl.sv beside this script: it
# gives rtl/'s trinity_core (clk_i, rst_ni, s_axis_*_i/_o, m_axis_*_i/_o) the
# port names and the AXI4-Lite slave Vitis expects (see kernel.xml).
if {[llength $argv] != 5} {
  puts stderr "usage: package_xo.tcl <out.xo> <rtl dir> <kernel.xml> <xdc> <part>"
  exit 1
}
lassign $argv xo_path rtl_dir kernel_xml xdc part
set work [file dirname $xo_path]/rtl_kernel_pkg
file delete -force $work

create_project -force trinity_core_pkg $work/project -part $part
set sources [concat [glob -nocomplain $rtl_dir/*.sv] [glob -nocomplain $rtl_dir/*.v] [glob -nocomplain $rtl_dir/*.svh]]
if {[llength $sources] == 0} {
  puts stderr "package_xo.tcl: no RTL sources in $rtl_dir"
  exit 1
}
lappend sources [file join [file dirname [info script]] trinity_core_krnl.sv]
add_files -norecurse $sources
add_files -fileset constrs_1 -norecurse $xdc
set_property top trinity_core_krnl [current_fileset]
update_compile_order -fileset sources_1

ipx::package_project -root_dir $work/ip -vendor trinity.dev -library kernel -taxonomy /KernelIP \
  -import_files -set_current true
set core [ipx::current_core]
foreach busif {s_axis m_axis s_axi_control} {
  ipx::associate_bus_interfaces -busif $busif -clock ap_clk $core
}
# Vitis requires these on a kernel IP; the frequency is the platform's.
set_property sdx_kernel true $core
set_property sdx_kernel_type rtl $core
set_property ipi_drc {ignore_freq_hz true} $core
ipx::create_xgui_files $core
ipx::update_checksums $core
ipx::check_integrity -kernel $core
ipx::save_core $core
close_project

package_xo -force -xo_path $xo_path -kernel_name trinity_core -ip_directory $work/ip -kernel_xml $kernel_xml
