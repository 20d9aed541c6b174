#pragma once
// How a customer responds to one email: open, click, buy, unsubscribe and complain probabilities,
// each logistic in the features of the email and the customer (docs/model.md, "Engagement").
#include <cmath>

#include "models/parameters.hpp"

namespace xsellsim::models {

inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// What the model knows about one send when the customer sees it.
struct SendContext {
  double fatigue = 0;         // stock level before this email
  double engagement = 0;      // the customer's own logit offset
  bool relevant = false;      // an active need for the recommended product
  double discount = 0;        // fraction taken off
  double price_ratio = 1;     // price paid / price the customer tolerates
  bool personalized = false;  // personalized subject line
  double social_proof = 0;    // strength shown, 0..1
};

inline double open_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.open_base + s.engagement + e.open_fatigue * s.fatigue +
                  e.open_personalized * (s.personalized ? 1.0 : 0.0));
}
inline double click_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.click_base + s.engagement + e.click_relevance * (s.relevant ? 1.0 : 0.0) +
                  e.click_fatigue * s.fatigue + e.click_social_proof * s.social_proof);
}
// Given a click on something the customer needs.
inline double buy_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.buy_base + e.buy_discount * s.discount + e.buy_price * std::log(s.price_ratio) +
                  e.buy_social_proof * s.social_proof);
}
// Given an open.
inline double unsubscribe_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.unsubscribe_base + e.unsubscribe_fatigue * s.fatigue +
                  e.unsubscribe_irrelevant * (s.relevant ? 0.0 : 1.0));
}
inline double complaint_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.complaint_base + e.complaint_fatigue * s.fatigue);
}

}  // namespace xsellsim::models
