#pragma once
// How a customer responds to one email: open, click, buy, unsubscribe and complain probabilities,
// each logistic in the features of the email and the customer (docs/model.md, "Engagement").
#include <cmath>

#include "models/parameters.hpp"

namespace xsellsim::models {

inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// What the model knows about one send when the customer sees it.
struct SendContext {
  double fatigue = 0;          // stock level before this email
  double engagement = 0;       // the customer's own logit offset
  bool relevant = false;       // an active need for the recommended product
  double discount = 0;         // fraction taken off
  double price_ratio = 1;      // price paid / price the customer tolerates
  bool personalized = false;   // personalized subject line
  double social_proof = 0;     // strength shown, 0..1
  bool preferred = false;      // the product shown is in one of the segment's preferred categories
  bool demonstration = false;  // the email shows the product in use
  bool trial = false;          // a free trial is offered
  bool expiring = false;       // the discount expires
};

inline double flag(bool on) { return on ? 1.0 : 0.0; }

inline double open_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.open_base + s.engagement + e.open_fatigue * s.fatigue +
                  e.open_personalized * flag(s.personalized));
}
inline double click_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.click_base + s.engagement + e.click_relevance * flag(s.relevant) +
                  e.click_fatigue * s.fatigue + e.click_social_proof * s.social_proof +
                  e.click_preferred * flag(s.preferred) +
                  e.click_demonstration * flag(s.demonstration));
}
// Given a click on something the customer needs.
inline double buy_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.buy_base + e.buy_discount * s.discount + e.buy_price * std::log(s.price_ratio) +
                  e.buy_social_proof * s.social_proof + e.buy_trial * flag(s.trial) +
                  e.buy_expiring * flag(s.expiring));
}
// Given an open.
inline double unsubscribe_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.unsubscribe_base + e.unsubscribe_fatigue * s.fatigue +
                  e.unsubscribe_irrelevant * flag(!s.relevant));
}
inline double complaint_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.complaint_base + e.complaint_fatigue * s.fatigue);
}

}  // namespace xsellsim::models
