#pragma once
// How a customer responds to one email: inbox placement, open, click, buy, harm, unsubscribe and
// complaint probabilities, each logistic in the features of the email and the customer
// (docs/model.md, "Email response").
#include <algorithm>
#include <cmath>

#include "models/parameters.hpp"

namespace xsellsim::models {

inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// What the model knows about one send when the customer sees it.
struct SendContext {
  double fatigue = 0;          // stock level before this email
  double engagement = 0;       // the customer's own logit offset
  bool relevant = false;       // an active need for a product shown
  double discount = 0;         // fraction taken off the price asked
  double price_ratio = 1;      // price asked (before the discount) / price the customer tolerates
  bool personalized = false;   // personalized subject line
  double social_proof = 0;     // strength shown, 0..1
  bool preferred = false;      // the product shown is in one of the segment's preferred categories
  bool demonstration = false;  // the email shows the product in use
  bool trial = false;          // a free trial is offered
  bool expiring = false;       // the discount expires
  double wearout = 0;          // ln(1 + earlier emails that showed the same product)
  bool opened = false;         // for unsubscribes and complaints: the email was opened
  bool in_cart = false;        // a product shown is in the customer's cart, not yet bought
};

// The customer's standing with the mailbox provider: per customer, so customers stay independent.
struct InboxHistory {
  std::uint32_t ignored_in_a_row = 0;  // inbox emails not opened since the last open
  std::uint32_t complaints = 0;
};

inline double flag(bool on) { return on ? 1.0 : 0.0; }

inline double inbox_probability(const Engagement& e, const InboxHistory& h) {
  return logistic(e.inbox_base + e.inbox_ignored * h.ignored_in_a_row +
                  e.inbox_complaint * h.complaints);
}
inline double open_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.open_base + s.engagement + e.open_fatigue * s.fatigue +
                  e.open_personalized * flag(s.personalized) + e.open_wearout * s.wearout);
}
inline double click_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.click_base + s.engagement + e.click_relevance * flag(s.relevant) +
                  e.click_fatigue * s.fatigue + e.click_social_proof * s.social_proof +
                  e.click_preferred * flag(s.preferred) +
                  e.click_demonstration * flag(s.demonstration) + e.click_wearout * s.wearout);
}
// Given a click on something the customer needs. The discount enters once, through buy_discount;
// the price term weighs the price asked before it (a bundle's share of its items' list prices).
inline double buy_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.buy_base + e.buy_discount * s.discount + e.buy_price * std::log(s.price_ratio) +
                  e.buy_social_proof * s.social_proof + e.buy_trial * flag(s.trial) +
                  e.buy_in_cart * flag(s.in_cart) + e.buy_expiring * flag(s.expiring));
}
// That an email in the inbox ends the customer's organic purchasing here.
inline double dropout_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.dropout_base + e.dropout_fatigue * s.fatigue +
                  e.dropout_irrelevant * flag(!s.relevant));
}
// Per email in the inbox, opened or not. The fatigue term saturates (1 - exp(-F)), so that
// unsubscribes per email level off above about weekly mail (HubSpot).
inline double unsubscribe_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.unsubscribe_base + e.unsubscribe_open * flag(s.opened) +
                  e.unsubscribe_fatigue * -std::expm1(-s.fatigue) +
                  e.unsubscribe_irrelevant * flag(!s.relevant) +
                  e.unsubscribe_personalized * flag(s.personalized));
}
// Per email in the inbox; rises steeply once the stock passes the threshold (Validity: above
// about five emails a week).
inline double complaint_probability(const Engagement& e, const SendContext& s) {
  return logistic(e.complaint_base + e.complaint_open * flag(s.opened) +
                  e.complaint_fatigue * std::max(0.0, s.fatigue - e.complaint_threshold));
}

}  // namespace xsellsim::models
