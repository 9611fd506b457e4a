"""The bracket as plain data for machines (bracket.json): the same state the page shows."""


def team_data(team):
    if team is None:
        return None
    return {"name": team.name, "short_name": team.short_name, "country": team.country}


def score_data(score):
    return None if score is None else {"home": score.home, "away": score.away}


def leg_data(leg):
    return {
        "number": leg.number,
        "date": leg.date.isoformat(),
        "kickoff": leg.kickoff_at.isoformat() if leg.kickoff_at else None,
        "venue": leg.where or None,
        "home": team_data(leg.home_team),
        "away": team_data(leg.away_team),
        "home_goals": leg.home_goals,
        "away_goals": leg.away_goals,
        "extra_time": leg.extra_time,
        "home_penalties": leg.home_penalties,
        "away_penalties": leg.away_penalties,
        "status": leg.status,
    }


def tie_data(tie):
    outcome = tie.outcome
    return {
        "code": tie.code,
        "home": team_data(tie.home),
        "away": team_data(tie.away),
        "home_from": tie.home_from.code if tie.home_from else None,
        "away_from": tie.away_from.code if tie.away_from else None,
        "legs": [leg_data(leg) for leg in tie.ordered_legs],
        "aggregate": score_data(outcome.aggregate),
        "winner": team_data(tie.winner),
        "decided_by": outcome.decided_by and str(outcome.decided_by),
        "status": str(outcome.status),
    }


def bracket_data(bracket):
    competition = bracket.competition
    return {
        "competition": {
            "name": competition.name,
            "season": competition.season,
            "slug": competition.slug,
        },
        "rounds": [
            {
                "code": round.code,
                "name": round.name,
                "legs": round.legs,
                "ties": [tie_data(tie) for tie in round.ties.all()],
            }
            for round in bracket.rounds
        ],
    }
