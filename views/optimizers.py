"""Learning rate & optimizers: SGD, momentum, RMSprop and Adam walking loss surfaces, why a
learning rate diverges, and mini-batch noise on a real neuron's loss."""

from ui.optimizers import view

settings, problems = view.controls()
view.page_header(settings, problems)
view.paths_section(settings)
view.diverge_section(settings)
view.batch_section(settings)
view.share(settings)
