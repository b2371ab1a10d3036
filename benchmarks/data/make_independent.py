"""An independent labelled set for the provenance checker, written apart from the tuning fixtures.

Summaries imitate what summarisation models write: heavy paraphrase of supported facts (which a checker must
not flag), and subtle errors: invented context, wrong attribution, swapped or invented numbers, merged
events, negations, invented quotes. Run: python benchmarks/data/make_independent.py > benchmarks/data/independent.jsonl
"""
import json

S, U = "supported", "unsupported"

ARTICLES = [
    ("port-strike", """Dock workers at the port of Felixstowe will walk out for eight days from 21 August after rejecting a pay offer, the Unite union said on Wednesday.
More than 1,900 members, including crane drivers and machine operators, voted for strike action, with a turnout of 81%.
The port handles almost half of the container freight entering Britain, and the union warned the stoppage would cause "huge disruption" to supply chains.
Hutchison Ports, which owns Felixstowe, said it had offered a 7% rise plus a one-off payment of £500, which it described as fair.
Unite's general secretary, Sharon Graham, said the company had made £61m in profit in 2020 and could afford to pay more.
A spokesperson for the port said it was disappointed and urged the union to return to talks at the conciliation service Acas.
Inflation in the UK reached 9.4% in June, the highest rate for four decades.""",
     [("Workers at Felixstowe port are set to strike for eight days starting on 21 August.", S),
      ("The walkout follows the rejection of a pay offer, according to the Unite union.", S),
      ("Around 1,900 union members backed the action on a turnout of 81%.", S),
      ("Felixstowe handles nearly half of Britain's incoming container freight.", S),
      ("The port's owner said its offer of a 7% rise and a £500 one-off payment was fair.", S),
      ("Sharon Graham argued the company could afford more after making £61m in profit.", S),
      ("UK inflation hit a 40-year high of 9.4% in June.", S),
      ("The port urged the union to go back to talks at Acas.", S),
      ("It is the first strike at Felixstowe since 1989.", U),
      ("More than 2,500 members voted in favour of the strike.", U),
      ("Hutchison Ports offered a 10% pay rise, which the union rejected.", U),
      ("Transport Secretary Grant Shapps called the strike irresponsible.", U),
      ("The union said the stoppage would cause only minor disruption.", U),
      ("The company made £61m in profit last year, Hutchison Ports said.", U),
     ]),
    ("vaccine-trial", """A malaria vaccine developed at the University of Oxford has shown up to 80% efficacy in a trial in Burkina Faso, researchers reported in The Lancet Infectious Diseases.
The vaccine, R21/Matrix-M, was given to 409 children aged five to 17 months, who received three doses followed by a booster a year later.
Professor Adrian Hill, director of Oxford's Jenner Institute, said the results were "the first time a malaria vaccine had met the World Health Organization's goal of 75% efficacy".
The Serum Institute of India has agreed to manufacture more than 200 million doses a year once the vaccine is approved.
Malaria kills more than 400,000 people a year, most of them children in sub-Saharan Africa.
A larger trial involving 4,800 children in four African countries is under way.""",
     [("An Oxford-developed malaria vaccine was up to 80% effective in a Burkina Faso trial.", S),
      ("The findings were published in The Lancet Infectious Diseases.", S),
      ("Children between five and 17 months old received three doses and a booster a year later.", S),
      ("Adrian Hill said it was the first malaria vaccine to reach the WHO's 75% efficacy target.", S),
      ("The Serum Institute of India plans to make over 200 million doses annually after approval.", S),
      ("Most of the more than 400,000 annual malaria deaths are children in sub-Saharan Africa.", S),
      ("A bigger study with 4,800 children across four African nations is now being carried out.", S),
      ("The trial involved 409 children in Burkina Faso.", S),
      ("The vaccine has already been approved by the World Health Organization.", U),
      ("The trial enrolled 4,800 children in Burkina Faso.", U),
      ("The vaccine was developed jointly with GlaxoSmithKline.", U),
      ("Professor Sarah Gilbert said the results were a breakthrough.", U),
      ("Doses will cost less than $3 each, the researchers said.", U),
      ("The vaccine showed 95% efficacy in adults.", U),
     ]),
    ("bridge-collapse", """Part of a motorway bridge collapsed in the Italian city of Genoa on Tuesday, killing at least 35 people, officials said.
A section of the Morandi bridge, about 200 metres long, fell during a torrential storm, sending dozens of vehicles plunging 45 metres onto railway tracks and warehouses below.
Interior minister Matteo Salvini said those responsible would "pay, all of them, pay dearly".
Rescue workers used cranes and sniffer dogs to search the rubble through the night; 16 people were injured, 12 of them seriously.
The bridge, built in the 1960s, carried the A10 motorway and had undergone maintenance work in 2016.
Autostrade per l'Italia, which operates the motorway, said work to shore up the bridge's foundations had been under way at the time of the collapse.""",
     [("At least 35 people died when part of a motorway bridge gave way in Genoa on Tuesday.", S),
      ("A roughly 200-metre stretch of the Morandi bridge came down during a violent storm.", S),
      ("Vehicles fell about 45 metres onto railway lines and warehouses.", S),
      ("Matteo Salvini vowed that those responsible would pay dearly.", S),
      ("Emergency teams searched the debris overnight with cranes and sniffer dogs.", S),
      ("Sixteen people were hurt, twelve of them seriously.", S),
      ("The 1960s bridge carried the A10 and had been maintained in 2016.", S),
      ("The operator said foundation work was going on when the bridge fell.", S),
      ("Prime Minister Giuseppe Conte declared a state of emergency in the region.", U),
      ("The collapse happened on a clear, sunny morning.", U),
      ("At least 53 people were killed in the collapse.", U),
      ("Autostrade per l'Italia denied that any work was being done on the bridge.", U),
      ("The bridge was built in the 1980s and had never been repaired.", U),
      ("Salvini said the collapse was an unforeseeable accident.", U),
     ]),
    ("tech-layoffs", """Software company Zentrix will cut about 1,200 jobs, or 9% of its workforce, as it tries to reduce costs after two years of slowing sales, chief executive Maria Lindqvist told staff in an email on Monday.
Most of the cuts will fall on the sales and marketing teams in North America and Europe, the company said.
Zentrix expects to record restructuring charges of between $80m and $95m, mostly in the first quarter.
"We grew too quickly in 2021 and 2022, and we have to make hard choices now," Lindqvist wrote.
The company's shares rose 6% in early trading in New York.
Zentrix reported revenue of $3.1bn last year, up 4% from the year before, its weakest growth since it listed in 2015.""",
     [("Zentrix is cutting around 1,200 jobs, about 9% of its staff.", S),
      ("Chief executive Maria Lindqvist announced the cuts to employees by email on Monday.", S),
      ("The layoffs mainly affect sales and marketing in North America and Europe.", S),
      ("The firm expects restructuring costs of $80m to $95m, largely in the first quarter.", S),
      ("Lindqvist admitted the company had expanded too fast in 2021 and 2022.", S),
      ("Investors welcomed the news, sending the shares up 6% in New York.", S),
      ("Annual revenue grew 4% to $3.1bn, the slowest growth since the 2015 listing.", S),
      ("The cuts come after two years of slowing sales.", S),
      ("Zentrix shares fell 6% after the announcement.", U),
      ("The company will also close its offices in Asia.", U),
      ("Lindqvist said no further cuts were planned this year.", U),
      ("Zentrix reported revenue of $3.1bn, up 14% on the previous year.", U),
      ("Engineering teams will bear most of the cuts.", U),
      ("The layoffs follow similar moves by Microsoft and Google.", U),
     ]),
    ("election-result", """Centre-left candidate Ana Ribeiro won Portugal's presidential run-off on Sunday with 54.2% of the vote, defeating the conservative Jorge Matos, according to official results.
Turnout was 61%, up from 49% in the first round three weeks earlier.
Ribeiro, a 58-year-old former health minister, will be the first woman to hold the office.
In her victory speech in Lisbon she promised to "be the president of all the Portuguese" and to defend the constitution.
Matos conceded defeat shortly before midnight and congratulated his rival.
The president has limited executive powers but can dissolve parliament and veto legislation.""",
     [("Ana Ribeiro won Portugal's presidential run-off on Sunday with 54.2% of the vote.", S),
      ("She beat the conservative candidate Jorge Matos.", S),
      ("Turnout rose to 61% from 49% in the first round.", S),
      ("The former health minister, 58, will be Portugal's first female president.", S),
      ("Speaking in Lisbon, she pledged to represent all Portuguese people and uphold the constitution.", S),
      ("Matos accepted defeat just before midnight and congratulated Ribeiro.", S),
      ("Although the role has limited executive power, the president can dissolve parliament and veto laws.", S),
      ("The first round took place three weeks before the run-off.", S),
      ("Ribeiro won with 45.8% of the vote.", U),
      ("Matos refused to concede and called for a recount.", U),
      ("Ribeiro, a former finance minister, will be the first woman in the post.", U),
      ("Prime Minister António Costa congratulated Ribeiro on her victory.", U),
      ("Turnout fell to 49%, the lowest in decades.", U),
      ("Ribeiro will take office on 9 March.", U),
     ]),
]

for article_id, source, sentences in ARTICLES:
    print(json.dumps({"id": article_id, "source": source, "summary_sentences": [
        {"text": text, "label": label, "edit": "independent"} for text, label in sentences]}, ensure_ascii=False))
