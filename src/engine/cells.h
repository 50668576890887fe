/* cells.h - the elementwise part of each recurrent cell, as forward/backward pairs.
 * The model computes the two affine parts for one timestep,
 *   pre_ih = x_t W_ih^T + b_ih    (B, G*H)
 *   pre_hh = h_{t-1} W_hh^T + b_hh  (B, G*H)
 * and a cell turns them into the new state. Backward returns the gradients of
 * the loss with respect to pre_ih (dz_ih) and pre_hh (dz_hh); the model pushes
 * them through the weights. Gate order is PyTorch's. */
#ifndef RNNSCOPE_CELLS_H
#define RNNSCOPE_CELLS_H

#include "config.h"

/* h = act(pre_ih + pre_hh)                                   (B, H) */
void rnn_forward(double *h, const double *pre_ih, const double *pre_hh, Activation act,
                 int B, int H);
/* dz = dh * act'(.) computed from the output h                 (B, H) */
void rnn_backward(double *dz, const double *dh, const double *h, Activation act, int B, int H);
/* derivative of the activation from its output value */
double rnn_act_grad(double h, Activation act);

/* gate = (i, f, g, o) activated (B, 4H); c = f*c_prev + i*g; tc = tanh(c); h = o*tc */
void lstm_forward(double *h, double *c, double *tc, double *gate, const double *c_prev,
                  const double *pre_ih, const double *pre_hh, int B, int H);
/* In: dh (total dL/dh_t), dc_next (dL/dc_t through c_{t+1}, or zeros).
 * Out: dc = total dL/dc_t, dc_prev = dL/dc_{t-1} through this step, dz (B, 4H). */
void lstm_backward(double *dz, double *dc, double *dc_prev, const double *dh,
                   const double *dc_next, const double *c_prev, const double *tc,
                   const double *gate, int B, int H);

/* gate = (r, z, n) activated (B, 3H); hn = pre_hh's n block (W_hn h + b_hn);
 * n = tanh(pre_ih_n + r*hn); h = (1-z)*n + z*h_prev */
void gru_forward(double *h, double *gate, double *hn, const double *h_prev,
                 const double *pre_ih, const double *pre_hh, int B, int H);
/* Out: dz_ih, dz_hh (B, 3H); dh_prev = the direct path dh*z (overwritten). */
void gru_backward(double *dz_ih, double *dz_hh, double *dh_prev, const double *dh,
                  const double *h_prev, const double *gate, const double *hn, int B, int H);

#endif
