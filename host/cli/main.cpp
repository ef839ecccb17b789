// `trinity`: one entry point for calibration, inspection and inference.
// Exit codes (README): 0 ok, 1 usage, 2 bad input, 3 device/runtime failure.
#include <iostream>

#include "commands.hpp"
#include "errors.hpp"

int main(int argc, char** argv) {
  CLI::App app{"trinity: dendritic spiking neural networks on FPGAs (golden model, simulators, Alveo cards)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "trinity 0.1.0 (protocol v1, model format v1)");
  trinity::cli::register_calibrate(app);
  trinity::cli::register_info(app);
  trinity::cli::register_run(app);
  trinity::cli::register_estimate(app);
  trinity::cli::register_verify(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 1;
  } catch (const trinity::InputError& e) {
    std::cerr << "trinity: error: " << e.what() << "\n";
    return 2;
  } catch (const trinity::RuntimeFailure& e) {
    std::cerr << "trinity: failure: " << e.what() << "\n";
    return 3;
  } catch (const std::bad_alloc&) {
    std::cerr << "trinity: failure: out of memory\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "trinity: failure: " << e.what() << "\n";
    return 3;
  }
  return 0;
}
