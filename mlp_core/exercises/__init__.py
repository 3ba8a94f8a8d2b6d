"""Instant checkers for the exercises at the end of each notebook.

Each checker takes the learner's answer and returns a `Feedback` that shows as "✔ Right" or
"✘ Not yet" with a hint, in the notebook and as plain text:

    from mlp_core.exercises import check_parameter_count
    check_parameter_count(784 * 16 + 16)     # ✘ Not yet: that is only the first layer ...
    check_parameter_count.solution()         # the worked answer, when the learner asks for it

Wrong answers get hints in tiers, a nudge first and stronger hints on later tries; the answer
itself only from `.solution()` (or `solution("check_parameter_count")`). How a checker is made,
and what counts as a try, is in `feedback`. One module per notebook holds its checkers
(n01_pixels_as_neurons, …); checkers compute the expected answer themselves (from the network,
the sample, the maths) rather than storing it, so they stay right when the network changes.
"""

from .feedback import CHECKERS, Feedback, Solution, attempts, not_yet, reset_attempts, right, solution, wrong_answers
from .n01_pixels_as_neurons import check_black_pixel_count, check_most_ink_digit, check_neuron_number, check_pixel_activation
from .n02_layers_and_parts import check_neuron_count, check_output_neurons, check_prediction
from .n03_weights_and_the_weighted_sum import check_region_sum, check_top_minus_bottom, check_total_ink
from .n04_sigmoid import check_sigmoid_at_zero, check_sigmoid_inverse, check_sigmoid_step, check_sigmoid_symmetry
from .n05_bias import check_bias_for_share, check_bias_for_threshold, check_digits_on, check_neuron_parameter_count
from .n06_matrix_form import check_layer_activations, check_parameter_count, check_weight_shape
from .n07_the_network_is_a_function import check_wrong_count, check_zeroed_activation
from .n08_draw_your_own_digit import (
                                    LOOP_DIGITS,
                                    NO_LOOP_DIGITS,
                                    check_loop_neuron,
                                    check_not_a_digit,
                                    check_seven_called_one,
                                    loop_scores,
)
from .n09_gradient_descent import check_best_learning_rate, check_descent_step, check_steps_per_epoch
from .n10_backpropagation import check_bp2, check_output_delta, check_zero_weight_gradients
from .n11_training_from_scratch import check_confused_with, check_favourite_image
from .n12_beyond_the_series import check_momentum_step, check_velocity_limit

__all__ = ["Feedback", "Solution", "solution", "attempts", "reset_attempts", "wrong_answers", "CHECKERS", "right",
           "not_yet",
           "LOOP_DIGITS", "NO_LOOP_DIGITS", "loop_scores",
           "check_best_learning_rate", "check_bias_for_share", "check_bias_for_threshold", "check_black_pixel_count",
           "check_bp2", "check_confused_with", "check_descent_step", "check_digits_on",
           "check_favourite_image", "check_layer_activations", "check_loop_neuron",
           "check_momentum_step", "check_most_ink_digit", "check_neuron_count", "check_neuron_number",
           "check_neuron_parameter_count", "check_not_a_digit", "check_output_delta",
           "check_output_neurons", "check_parameter_count", "check_pixel_activation",
           "check_prediction", "check_region_sum", "check_seven_called_one", "check_sigmoid_at_zero",
           "check_sigmoid_inverse", "check_sigmoid_step", "check_sigmoid_symmetry", "check_steps_per_epoch",
           "check_top_minus_bottom", "check_total_ink", "check_velocity_limit", "check_weight_shape",
           "check_wrong_count",
           "check_zero_weight_gradients", "check_zeroed_activation"]
