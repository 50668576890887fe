/* cells.h - the recurrent cells, one file each (cell_rnn.c, cell_lstm.c,
 * cell_gru.c), each a forward/backward pair and the one-step Jacobian.
 * The model computes the two affine parts for one timestep,
 *   pre_ih = x_t W_ih^T + b_ih    (B, G*H)
 *   pre_hh = h_{t-1} W_hh^T + b_hh  (B, G*H)
 * and a cell turns them into the new state. Backward returns the gradients of
 * the loss with respect to pre_ih (dz_ih) and pre_hh (dz_hh); the model pushes
 * them through the weights. Gate order is PyTorch's: a (B, G*H) row holds G
 * blocks of H, block k at offset k*H; the enums below name the blocks. */
#ifndef RNNSCOPE_CELLS_H
#define RNNSCOPE_CELLS_H

#include "config.h"

/* LSTM gate blocks: input, forget, candidate (g), output */
enum { LSTM_I, LSTM_F, LSTM_G, LSTM_O, LSTM_GATES };
/* GRU gate blocks: reset, update (z), candidate (n) */
enum { GRU_R, GRU_Z, GRU_N, GRU_GATES };

/* h = act(pre_ih + pre_hh)                                   (B, H) */
void rnn_forward(double *h, const double *pre_ih, const double *pre_hh, Activation act,
                 int B, int H);
/* dz = dh * act'(.) computed from the output h                 (B, H) */
void rnn_backward(double *dz, const double *dh, const double *h, Activation act, int B, int H);
/* derivative of the activation from its output value */
double rnn_act_grad(double h, Activation act);
/* J (H, H), row stride n: dh_t/dh_{t-1} = diag(act'(z_t)) W_hh for one example,
 * from its output h (H). J's other entries are left as they are. */
void rnn_jacobian(double *J, int n, const double *w_hh, const double *h, Activation act, int H);

/* gate = (i, f, g, o) activated (B, 4H); c = f*c_prev + i*g; tc = tanh(c); h = o*tc */
void lstm_forward(double *h, double *c, double *tc, double *gate, const double *c_prev,
                  const double *pre_ih, const double *pre_hh, int B, int H);
/* In: dh (total dL/dh_t), dc_next (dL/dc_t through c_{t+1}, or zeros).
 * Out: dc = total dL/dc_t, dc_prev = dL/dc_{t-1} through this step, dz (B, 4H). */
void lstm_backward(double *dz, double *dc, double *dc_prev, const double *dh,
                   const double *dc_next, const double *c_prev, const double *tc,
                   const double *gate, int B, int H);
/* J (2H, 2H), row stride n, of s_t = (h_t, c_t) by s_{t-1} for one example: rows
 * and columns 0..H-1 are h, H..2H-1 are c. Writes the h columns of every row and
 * the diagonal of the c columns; the other c-column entries are zero and left as
 * they are (the caller clears J). */
void lstm_jacobian(double *J, int n, const double *w_hh, const double *c_prev, const double *tc,
                   const double *gate, int H);

/* gate = (r, z, n) activated (B, 3H); hn = pre_hh's n block (W_hn h + b_hn);
 * n = tanh(pre_ih_n + r*hn); h = (1-z)*n + z*h_prev */
void gru_forward(double *h, double *gate, double *hn, const double *h_prev,
                 const double *pre_ih, const double *pre_hh, int B, int H);
/* Out: dz_ih, dz_hh (B, 3H); dh_prev = the direct path dh*z (overwritten). */
void gru_backward(double *dz_ih, double *dz_hh, double *dh_prev, const double *dh,
                  const double *h_prev, const double *gate, const double *hn, int B, int H);
/* J (H, H), row stride n: dh_t/dh_{t-1} for one example. */
void gru_jacobian(double *J, int n, const double *w_hh, const double *h_prev, const double *gate,
                  const double *hn, int H);

#endif
