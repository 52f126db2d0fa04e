//! `gradebridge`: the sync between ManageBac and Blackboard or Schoology.

fn main() {
    std::process::exit(gradebridge_cli::run(std::env::args().collect()));
}
