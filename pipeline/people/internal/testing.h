// Small builders for the people stage's tests: extraction rows in one line.
#ifndef MINUTEBOOK_PEOPLE_INTERNAL_TESTING_H_
#define MINUTEBOOK_PEOPLE_INTERNAL_TESTING_H_

#include <string>
#include <vector>

#include "common/model.h"

namespace minutebook::people::testing {

inline Attendee Present(const std::string& date, const std::string& name, const std::string& person = {},
                        const std::string& role = "present") {
  Attendee a;
  a.meeting_date = date;
  a.name = name;
  a.person = person.empty() ? name : person;
  a.role = role;
  return a;
}

inline Attendee Apologies(const std::string& date, const std::string& name) {
  return Present(date, name, {}, "apologies");
}

inline Action Act(const std::string& date, const std::string& text, std::vector<std::string> owners,
                  const std::string& status = "open", int page = 1) {
  Action a;
  a.meeting_date = date;
  a.text = text;
  a.owners_written = owners;
  a.owners = std::move(owners);
  a.status = status;
  a.page = page;
  return a;
}

inline Report Rep(const std::string& date, std::vector<std::string> authors, std::vector<std::string> contacts = {}) {
  Report r;
  r.meeting_date = date;
  r.date = date;
  r.title = "Report";
  r.authors = std::move(authors);
  r.contacts = std::move(contacts);
  return r;
}

}  // namespace minutebook::people::testing

#endif  // MINUTEBOOK_PEOPLE_INTERNAL_TESTING_H_
